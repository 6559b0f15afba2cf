using System.Text.Json;
using System.Text.Json.Serialization;
using CallCenterStats.Sdk.Auth;
using CallCenterStats.Sdk.DependencyInjection;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenterStats.Sdk.Core.Tests.TestVendor;

// A minimal vendor built only from Core's building blocks, the way a vendor package is: it proves that a
// sixth vendor needs no Core change. Its envelope: {"result": ..., "error": {"code": n, "msg": "..."}}.

public sealed class AcmeOptions : VendorClientOptions
{
    public string? Username { get; set; }

    public string? Password { get; set; }

    public override IEnumerable<string> Validate()
    {
        foreach (var failure in base.Validate())
        {
            yield return failure;
        }

        if (string.IsNullOrEmpty(Username))
        {
            yield return $"{nameof(Username)} is required.";
        }

        if (string.IsNullOrEmpty(Password))
        {
            yield return $"{nameof(Password)} is required.";
        }
    }

    public override IEnumerable<string?> GetSecrets() => [Password];
}

public sealed record AcmeEnvelope(
    [property: JsonPropertyName("result")] AcmeResult? Result,
    [property: JsonPropertyName("error")] AcmeErrorBody? Error);

public sealed record AcmeResult(
    [property: JsonPropertyName("calls")] long Calls);

public sealed record AcmeErrorBody(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("msg")] string Msg);

[JsonSerializable(typeof(AcmeEnvelope))]
internal sealed partial class AcmeJsonContext : JsonSerializerContext;

public sealed class AcmeErrorPolicy : VendorErrorPolicy
{
    public override string VendorName => "Acme";

    public override VendorErrorReport ReadErrorBody(ReadOnlySpan<byte> body)
    {
        var envelope = JsonSerializer.Deserialize(body, AcmeJsonContext.Default.AcmeEnvelope);
        return ToReport(envelope);
    }

    public override VendorErrorKind Classify(System.Net.HttpStatusCode statusCode, IReadOnlyList<VendorError> errors) =>
        errors.Count > 0 && errors[0].Code == "100" ? VendorErrorKind.Authentication
        : errors.Count > 0 && errors[0].Code == "340" ? VendorErrorKind.RateLimited
        : base.Classify(statusCode, errors);

    public static VendorErrorReport ToReport(AcmeEnvelope? envelope) =>
        envelope?.Error is { } error
            ? new VendorErrorReport([new VendorError(error.Code.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Msg)])
            : VendorErrorReport.Empty;
}

public class AcmeClient
{
    private readonly VendorRequestPipeline _pipeline;

    protected AcmeClient()
    {
        _pipeline = null!;
    }

    internal AcmeClient(VendorClientContext<AcmeOptions> context)
    {
        _pipeline = context.CreatePipeline(new AcmeErrorPolicy());
    }

    public static AcmeClient Create(AcmeOptions options) =>
        VendorClientRegistration.CreateStandalone<AcmeClient, AcmeOptions>(options, services => services.AddAcmeClient(_ => { }));

    public virtual async Task<long> GetCallsAsync(string secretQuery, CancellationToken cancellationToken = default)
    {
        var envelope = await _pipeline.SendJsonAsync(
            () => new HttpRequestMessage(HttpMethod.Get, "stats/calls?key=" + Uri.EscapeDataString(secretQuery)),
            AcmeJsonContext.Default.AcmeEnvelope,
            AcmeErrorPolicy.ToReport,
            cancellationToken).ConfigureAwait(false);
        return envelope.Result!.Calls;
    }
}

public static class AcmeServiceCollectionExtensions
{
    public static IHttpClientBuilder AddAcmeClient(this IServiceCollection services, Action<AcmeOptions> configure) =>
        services.AddAcmeClient(Options.DefaultName, configure);

    public static IHttpClientBuilder AddAcmeClient(this IServiceCollection services, string name, IConfiguration section) =>
        services.AddAcmeClient(name, o => section.Bind(o));

    public static IHttpClientBuilder AddAcmeClient(this IServiceCollection services, string name, Action<AcmeOptions> configure) =>
        services
            .AddVendorClient<AcmeClient, AcmeOptions>(name, configure, context => new AcmeClient(context))
            .AddHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptionsMonitor<AcmeOptions>>().Get(name);
                return new BasicAuthenticationHandler(new BasicCredentials(options.Username!, options.Password!));
            });
}
