using CallCenterStats.Sdk.Auth;
using CallCenterStats.Sdk.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace CallCenterStats.Sdk.DependencyInjection;

/// <summary>
/// Everything a vendor client needs to be built, whether it came from an application's container or from
/// the no-DI <c>Create</c> path: its validated options, the clock, a logger factory, and the request
/// pipeline over the client's named <see cref="HttpClient"/>.
/// </summary>
/// <typeparam name="TOptions">The vendor's options type.</typeparam>
public sealed class VendorClientContext<TOptions>
    where TOptions : VendorClientOptions
{
    private readonly Func<HttpClient> _httpClient;

    internal VendorClientContext(IServiceProvider services, string name, TOptions options, Func<HttpClient> httpClient)
    {
        Services = services;
        Name = name;
        Options = options;
        _httpClient = httpClient;
        Clock = services.GetService<IClock>() ?? SystemClock.Instance;
        LoggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
    }

    /// <summary>The service provider the client is resolved from.</summary>
    public IServiceProvider Services { get; }

    /// <summary>The registration name (the account); empty for the default registration.</summary>
    public string Name { get; }

    /// <summary>The validated options of this registration.</summary>
    public TOptions Options { get; }

    /// <summary>The clock: the registered <see cref="IClock"/>, or the system clock.</summary>
    public IClock Clock { get; }

    /// <summary>The registered logger factory, or a no-op one.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Creates the request pipeline over this registration's <see cref="HttpClient"/>, redacting the options' secrets.</summary>
    /// <param name="errorPolicy">The vendor's error-envelope hook.</param>
    /// <returns>The pipeline.</returns>
    public VendorRequestPipeline CreatePipeline(VendorErrorPolicy errorPolicy) =>
        new(_httpClient, errorPolicy, Clock, new Redaction(Options.GetSecrets()));
}
