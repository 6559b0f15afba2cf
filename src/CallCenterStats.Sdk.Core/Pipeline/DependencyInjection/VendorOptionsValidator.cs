using Microsoft.Extensions.Options;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>Runs <see cref="VendorClientOptions.Validate"/> for every named instance of <typeparamref name="TOptions"/>.</summary>
/// <typeparam name="TOptions">The vendor's options type.</typeparam>
public sealed class VendorOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : VendorClientOptions
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate()
            .Select(f => string.IsNullOrEmpty(name) ? $"{typeof(TOptions).Name}.{f}" : $"{typeof(TOptions).Name} '{name}': {f}")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
