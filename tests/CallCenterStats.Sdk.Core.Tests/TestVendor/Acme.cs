using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace CallCenterStats.Sdk.Core.Tests.TestVendor;

// A sixth vendor, built the way a vendor package is and only from Core's public building blocks (descriptor,
// VendorClient<TOptions>, AddVendorClient, CreateStandalone, VendorPipeline with readers, an auxiliary pipeline and a
// BearerTokenSource): if it needs a Core change, so would a real sixth vendor.
//
// Acme's wire format:
//   GET  stats/calls?from=…&to=…[&queue=…]  -> {"result": {"calls": n, "answered": n}}
//   GET  stats/rows?from=…&to=…             -> {"rows": [{"agent": "…", "calls": n}, …]}   (streamed)
//   PUT  settings/greeting {"text": "…"}     -> {"result": {"text": "…"}}                   (not safe to repeat)
//   POST auth/token  api_key=…  (form)       -> {"result": {"token": "…", "expires_in": s}}
// Errors, in any status: {"error": {"code": n, "msg": "…"}}; code 100 is a token rejection, 340 a rate limit and
// 162 "try later". Authentication: HTTP Basic (Username, Password), or, when ApiKey is set, bearer tokens obtained
// from auth/token.

/// <summary>Options of <see cref="AcmeClient"/>.</summary>
public sealed class AcmeOptions : VendorClientOptions
{
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>When set, requests carry bearer tokens obtained with this key instead of HTTP Basic.</summary>
    public string? ApiKey { get; set; }

    public override IEnumerable<string> Validate()
    {
        foreach (var failure in base.Validate())
        {
            yield return failure;
        }

        if (!string.IsNullOrEmpty(ApiKey))
        {
            yield break;
        }

        if (string.IsNullOrEmpty(Username))
        {
            yield return $"{nameof(Username)} is required.";
        }
        else if (Username.Contains(':', StringComparison.Ordinal))
        {
            yield return $"{nameof(Username)} cannot contain ':'.";
        }

        if (string.IsNullOrEmpty(Password))
        {
            yield return $"{nameof(Password)} is required.";
        }
    }

    public override IEnumerable<string?> GetSecrets() => [.. BasicCredentials.SecretsOf(Username, Password), ApiKey];

    public override string ToString() => $"AcmeOptions {{ Endpoint = {Endpoint}, Username = {Username} }}";
}

/// <summary>What <see cref="AcmeClient.GetCallsAsync"/> and <see cref="AcmeClient.GetCallRowsAsync"/> report on.</summary>
public sealed record AcmeCallsRequest
{
    public required InstantRange Range { get; init; }

    public string? Queue { get; init; }
}

public sealed record AcmeCalls(
    [property: JsonPropertyName("calls")] long Calls,
    [property: JsonPropertyName("answered")] long? Answered);

public sealed record AcmeCallRow(
    [property: JsonPropertyName("agent")] string Agent,
    [property: JsonPropertyName("calls")] long Calls);

public sealed record AcmeGreeting([property: JsonPropertyName("text")] string Text);

internal sealed record AcmeToken(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("expires_in")] long ExpiresIn);

internal sealed record AcmeEnvelope<T>(
    [property: JsonPropertyName("result")] T? Result,
    [property: JsonPropertyName("error")] AcmeErrorBody? Error);

internal sealed record AcmeErrorBody(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("msg")] string? Msg);

[JsonSerializable(typeof(AcmeEnvelope<AcmeCalls>))]
[JsonSerializable(typeof(AcmeEnvelope<AcmeGreeting>))]
[JsonSerializable(typeof(AcmeEnvelope<AcmeToken>))]
[JsonSerializable(typeof(AcmeGreeting))]
[JsonSerializable(typeof(AcmeCallRow))]
[JsonSerializable(typeof(AcmeErrorBody))]
internal sealed partial class AcmeJsonContext : JsonSerializerContext;

/// <summary>Acme's error envelope and what its codes mean.</summary>
public sealed class AcmeErrorPolicy : VendorErrorPolicy
{
    public static AcmeErrorPolicy Instance { get; } = new();

    public override string VendorName => "Acme";

    public override VendorErrorReport ReadErrorBody(ReadOnlySpan<byte> body)
    {
        try
        {
            return ToReport(JsonSerializer.Deserialize(body, AcmeJsonContext.Default.AcmeEnvelopeAcmeCalls)?.Error);
        }
        catch (JsonException)
        {
            return VendorErrorReport.Empty;
        }
    }

    public override VendorErrorKind Classify(HttpStatusCode statusCode, IReadOnlyList<VendorError> errors) =>
        (errors.Count > 0 ? errors[0].Code : null) switch
        {
            "100" => VendorErrorKind.Authentication,
            "340" => VendorErrorKind.RateLimited,
            "162" => VendorErrorKind.ServiceUnavailable,
            _ => base.Classify(statusCode, errors),
        };

    internal static VendorErrorReport ToReport(AcmeErrorBody? error) =>
        error is null
            ? VendorErrorReport.Empty
            : new VendorErrorReport([new VendorError(error.Code.ToString(CultureInfo.InvariantCulture), error.Msg ?? string.Empty)]);
}

/// <summary>Acme to Core: its id, its error envelope, its client and its authentication.</summary>
internal sealed class AcmeDescriptor : VendorClientDescriptor<AcmeClient, AcmeOptions>
{
    public static AcmeDescriptor Instance { get; } = new();

    public override string Id => "acme";

    public override VendorErrorPolicy ErrorPolicy => AcmeErrorPolicy.Instance;

    public override AcmeClient CreateClient(VendorClientContext<AcmeOptions> context) => new(context);

    public override IHttpClientBuilder AddClient(IServiceCollection services, string name, IConfiguration configuration) =>
        services.AddAcmeClient(name, configuration);

    public override void AddAuthentication(VendorRegistration<AcmeOptions> registration)
    {
        // Two modes, chosen from the validated options when the client's handlers are built.
        var login = registration.AddAuxiliaryPipeline("auth", Id, ErrorPolicy, typeof(AcmeClient).Assembly);
        registration.Services.TryAddKeyedSingleton(registration.Name, (sp, _) =>
            new AcmeTokenSource(login(sp), registration.GetOptions(sp).ApiKey!, sp.GetService<IClock>() ?? SystemClock.Instance));
        registration.Services.AddHttpClient(registration.HttpClientName).AddHttpMessageHandler(sp =>
        {
            var options = registration.GetOptions(sp);
            return string.IsNullOrEmpty(options.ApiKey)
                ? new BasicAuthenticationHandler(new BasicCredentials(options.Username!, options.Password!))
                : new BearerTokenHandler(sp.GetRequiredKeyedService<AcmeTokenSource>(registration.Name));
        });
    }
}

/// <summary>Bearer tokens for an API key, from <c>POST auth/token</c> through the account's auxiliary pipeline.</summary>
internal sealed class AcmeTokenSource(VendorPipeline login, string apiKey, IClock clock) : BearerTokenSource(clock), IDisposable
{
    private static readonly VendorOperation LoginOperation = new("auth/token");

    // Cancels a login still running when the client is disposed.
    private readonly CancellationTokenSource _disposed = new();
    private int _fetches;

    public int Fetches => Volatile.Read(ref _fetches);

    public bool IsDisposed => _disposed.IsCancellationRequested;

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    protected override async Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _fetches);
        var token = await login.SendAsync(
            LoginOperation,
            () => new HttpRequestMessage(HttpMethod.Post, "auth/token")
            {
                Content = new RequestParameters().Add("api_key", apiKey).ToFormContent(),
            },
            async (response, ct) =>
            {
                var envelope = await response.ReadJsonAsync(AcmeJsonContext.Default.AcmeEnvelopeAcmeToken, ct).ConfigureAwait(false);
                if (envelope.Error is not null)
                {
                    throw response.CreateException(AcmeErrorPolicy.ToReport(envelope.Error));
                }

                return envelope.Result is { Token.Length: > 0, ExpiresIn: > 0 } result
                    ? result
                    : throw response.CreateInvalidResponseException("the answer has no token");
            },
            _disposed.Token).ConfigureAwait(false);
        return new AccessToken(token.Token, Clock.GetCurrentInstant() + Duration.FromSeconds(token.ExpiresIn));
    }
}

/// <summary>The Acme client: one class over Core's pipeline, like every vendor client.</summary>
public class AcmeClient : VendorClient<AcmeOptions>
{
    internal static readonly VendorOperation CallsOperation = new("GetCalls");
    internal static readonly VendorOperation RowsOperation = new("GetCallRows");
    internal static readonly VendorOperation GreetingOperation = new("SetGreeting", IsSafeToRepeat: false);

    protected AcmeClient()
    {
    }

    internal AcmeClient(VendorClientContext<AcmeOptions> context)
        : base(context)
    {
    }

    public static AcmeClient Create(AcmeOptions options, VendorClientServices? services = null) =>
        VendorClientRegistration.CreateStandalone(AcmeDescriptor.Instance, options, services);

    public virtual Task<AcmeCalls> GetCallsAsync(AcmeCallsRequest request, CancellationToken cancellationToken = default)
    {
        var uri = BuildUri("stats/calls", request);
        var pipeline = GetPipeline();
        return pipeline.SendAsync(CallsOperation, () => new HttpRequestMessage(HttpMethod.Get, uri), ReadCallsAsync, cancellationToken);
    }

    public virtual IAsyncEnumerable<AcmeCallRow> GetCallRowsAsync(AcmeCallsRequest request, CancellationToken cancellationToken = default)
    {
        var uri = BuildUri("stats/rows", request);
        var pipeline = GetPipeline();
        return pipeline.StreamAsync(RowsOperation, () => new HttpRequestMessage(HttpMethod.Get, uri), ReadRowsAsync, cancellationToken);
    }

    public virtual Task<AcmeGreeting> SetGreetingAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        var pipeline = GetPipeline();
        return pipeline.SendAsync(
            GreetingOperation,
            () => new HttpRequestMessage(HttpMethod.Put, "settings/greeting")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new AcmeGreeting(text), AcmeJsonContext.Default.AcmeGreeting),
            },
            async (response, ct) =>
            {
                var envelope = await response.ReadJsonAsync(AcmeJsonContext.Default.AcmeEnvelopeAcmeGreeting, ct).ConfigureAwait(false);
                return Unwrap(response, envelope.Result, envelope.Error);
            },
            cancellationToken);
    }

    private static Uri BuildUri(string path, AcmeCallsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        InstantRange.ThrowIfDefault(request.Range, $"{nameof(request)}.{nameof(request.Range)}");
        if (request.Queue is not null)
        {
            ParameterValues.EnsureListItem(request.Queue, ',', $"{nameof(request)}.{nameof(request.Queue)}");
        }

        var query = new RequestParameters()
            .Add("from", WireFormat.IsoUtc(request.Range.Start))
            .Add("to", WireFormat.IsoUtc(request.Range.End))
            .Add("queue", request.Queue);
        return new Uri(query.AppendTo(path), UriKind.Relative);
    }

    private static async ValueTask<AcmeCalls> ReadCallsAsync(VendorResponse response, CancellationToken cancellationToken)
    {
        var envelope = await response.ReadJsonAsync(AcmeJsonContext.Default.AcmeEnvelopeAcmeCalls, cancellationToken).ConfigureAwait(false);
        return Unwrap(response, envelope.Result, envelope.Error);
    }

    private static async IAsyncEnumerable<AcmeCallRow> ReadRowsAsync(VendorResponse response, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        AcmeErrorBody? error = null;
        var rows = JsonArrayStreamReader.ReadAsync(
            response.Body,
            "rows",
            AcmeJsonContext.Default.AcmeCallRow,
            (name, value) =>
            {
                if (name == "error" && value.ValueKind == JsonValueKind.Object)
                {
                    error = value.Deserialize(AcmeJsonContext.Default.AcmeErrorBody);
                }
            },
            cancellationToken: cancellationToken);
        await foreach (var row in rows.ConfigureAwait(false))
        {
            yield return row;
        }

        if (error is not null)
        {
            throw response.CreateException(AcmeErrorPolicy.ToReport(error));
        }
    }

    private static T Unwrap<T>(VendorResponse response, T? result, AcmeErrorBody? error)
        where T : class
    {
        if (error is not null)
        {
            throw response.CreateException(AcmeErrorPolicy.ToReport(error));
        }

        return result ?? throw response.CreateInvalidResponseException("the answer has no \"result\"");
    }
}

/// <summary>The four registration overloads every vendor has, each one line over Core.</summary>
public static class AcmeServiceCollectionExtensions
{
    public static IHttpClientBuilder AddAcmeClient(this IServiceCollection services, Action<AcmeOptions> configure) =>
        services.AddAcmeClient(Microsoft.Extensions.Options.Options.DefaultName, configure);

    public static IHttpClientBuilder AddAcmeClient(this IServiceCollection services, IConfiguration configuration) =>
        services.AddAcmeClient(Microsoft.Extensions.Options.Options.DefaultName, configuration);

    public static IHttpClientBuilder AddAcmeClient(this IServiceCollection services, string name, Action<AcmeOptions> configure) =>
        services.AddVendorClient(AcmeDescriptor.Instance, name, configure);

    public static IHttpClientBuilder AddAcmeClient(this IServiceCollection services, string name, IConfiguration configuration) =>
        services.AddAcmeClient(name, options => configuration.Bind(options));
}
