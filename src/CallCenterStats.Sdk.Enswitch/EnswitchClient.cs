using System.Text.Json;
using CallCenterStats.Sdk.DependencyInjection;
using CallCenterStats.Sdk.Enswitch.Wire;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Http;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Enswitch;

/// <summary>
/// Client of a self-hosted Enswitch deployment's JSON API: call statistics of queue destinations
/// (<c>queues/destinations/statistics/get</c>). Thread-safe; meant to be a singleton (resolve it from DI with
/// <see cref="EnswitchServiceCollectionExtensions.AddEnswitchClient(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{EnswitchOptions})"/>
/// or build one with <see cref="Create"/>).
/// </summary>
/// <remarks>
/// Requests are <c>POST</c>s with a form body by default, so <c>auth_username</c> and <c>auth_password</c> never
/// appear in a URL (see <see cref="EnswitchOptions.RequestMethod"/>). Every failure is a
/// <see cref="VendorApiException"/>, including errors Enswitch reports inside HTTP 200 bodies.
/// </remarks>
public class EnswitchClient
{
    /// <summary>The operation's path below the endpoint (Enswitch wants the trailing slash).</summary>
    internal const string StatisticsPath = "api/json/queues/destinations/statistics/get/";

    private static readonly Instant UnixEpoch = NodaConstants.UnixEpoch;

    private readonly VendorRequestPipeline? _pipeline;
    private readonly EnswitchOptions? _options;

    /// <summary>
    /// For mocking frameworks only; the instance cannot send requests: a method that is not overridden throws
    /// <see cref="InvalidOperationException"/> (after validating its arguments).
    /// </summary>
    protected EnswitchClient()
    {
    }

    internal EnswitchClient(VendorClientContext<EnswitchOptions> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _options = context.Options;
        _pipeline = context.CreatePipeline(EnswitchErrorPolicy.Instance);
    }

    /// <summary>
    /// Builds a client without dependency injection, with the same pipeline (auth, error mapping, timeout) as the
    /// DI registration.
    /// </summary>
    /// <param name="options">The deployment's endpoint and credentials; validated here.</param>
    /// <returns>The client.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; the message names each bad option.</exception>
    public static EnswitchClient Create(EnswitchOptions options) =>
        VendorClientRegistration.CreateStandalone<EnswitchClient, EnswitchOptions>(options, services => services.AddEnswitchClient(_ => { }));

    /// <summary>
    /// Gets the call statistics of one queue destination over <paramref name="range"/>
    /// (<c>destination=…</c>).
    /// </summary>
    /// <param name="destination">The destination's Enswitch id; positive.</param>
    /// <param name="range">
    /// The period, sent as <c>start</c>/<c>end</c> Unix seconds (UTC; sub-second parts are truncated). Required:
    /// Enswitch would otherwise read its whole history (<c>0</c> to now), which it warns loads its database. The
    /// docs do not say whether the end second is included.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The destination's statistics; all zero and empty when Enswitch returns no data.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not positive, or <paramref name="range"/> is empty (<c>default</c>) or starts before 1970.</exception>
    /// <exception cref="InvalidOperationException">The client was built with the protected constructor (for mocking) and the method is not overridden.</exception>
    /// <exception cref="VendorApiException">
    /// Enswitch reported an error (code <c>400</c> → <see cref="VendorErrorKind.InvalidRequest"/> with the bad parameter
    /// in <see cref="VendorError.Target"/>, <c>401</c> → <see cref="VendorErrorKind.Authentication"/>, <c>402</c> →
    /// <see cref="VendorErrorKind.PermissionDenied"/>, <c>404</c> → <see cref="VendorErrorKind.NotFound"/>), in any HTTP
    /// status; or it could not be reached or read.
    /// </exception>
    public virtual async Task<DestinationStatistics> GetDestinationStatisticsAsync(
        long destination,
        InstantRange range,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(destination);
        ValidateRange(range);
        var parameters = CreateParameters().Add("destination", destination);
        return await SendAsync(parameters, range, StatisticsReader.ReadDestination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Gets the call statistics of every destination of a queue over <paramref name="range"/> (<c>queue=…</c>), one
    /// row per destination as Enswitch groups them by <see cref="DestinationStatistics.DestinationType"/> (<c>dtype</c>)
    /// and <see cref="DestinationStatistics.DestinationNumber"/> (<c>dnumber</c>).
    /// </summary>
    /// <param name="queue">The queue's Enswitch id; positive.</param>
    /// <param name="range">
    /// The period, sent as <c>start</c>/<c>end</c> Unix seconds (UTC; sub-second parts are truncated). Required:
    /// Enswitch would otherwise read its whole history, which it warns loads its database.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows in Enswitch's order; empty when the queue has no destinations or Enswitch returns no data.</returns>
    /// <exception cref="ArgumentException"><paramref name="queue"/> is not positive, or <paramref name="range"/> is empty (<c>default</c>) or starts before 1970.</exception>
    /// <exception cref="InvalidOperationException">The client was built with the protected constructor (for mocking) and the method is not overridden.</exception>
    /// <exception cref="VendorApiException">
    /// Enswitch reported an error (<c>400</c>, <c>401</c>, <c>402</c>, or <c>404</c> when the queue does not exist or is
    /// not visible to the user), in any HTTP status; or it could not be reached or read.
    /// </exception>
    public virtual async Task<IReadOnlyList<DestinationStatistics>> GetQueueStatisticsAsync(
        long queue,
        InstantRange range,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queue);
        ValidateRange(range);
        var parameters = CreateParameters().Add("queue", queue);
        return await SendAsync(parameters, range, StatisticsReader.ReadQueue, cancellationToken).ConfigureAwait(false);
    }

    private static void ValidateRange(InstantRange range)
    {
        // Required: without a range Enswitch reads all of its history, which it warns loads its database.
        InstantRange.ThrowIfDefault(range);

        if (range.Start < UnixEpoch)
        {
            throw new ArgumentException(
                $"The range starts at {WireFormat.IsoUtc(range.Start)}, before the Unix epoch; Enswitch takes Unix timestamps.",
                nameof(range));
        }
    }

    private EnswitchOptions Options => _options ?? throw BuiltForMocking();

    private VendorRequestPipeline Pipeline => _pipeline ?? throw BuiltForMocking();

    private static InvalidOperationException BuiltForMocking() =>
        new("This EnswitchClient was built for mocking and cannot send requests; override the method, or build the client with EnswitchClient.Create or AddEnswitchClient.");

    private RequestParameters CreateParameters() =>
        new RequestParameters()
            .Add("auth_username", Options.Username)
            .Add("auth_password", Options.Password);

    private async Task<T> SendAsync<T>(
        RequestParameters parameters,
        InstantRange range,
        Func<JsonElement, T> readData,
        CancellationToken cancellationToken)
    {
        parameters
            .Add("start", WireFormat.UnixSeconds(range.Start))
            .Add("end", WireFormat.UnixSeconds(range.End));

        using var response = await Pipeline.SendAsync(() => CreateRequest(parameters), cancellationToken).ConfigureAwait(false);
        var envelope = await response.ReadJsonAsync(EnswitchJsonContext.Default.EnswitchEnvelope, cancellationToken).ConfigureAwait(false);
        var report = EnswitchErrorPolicy.FindErrors(envelope);
        if (report.HasErrors)
        {
            throw response.CreateException(report);
        }

        try
        {
            return readData(envelope.Data);
        }
        catch (FormatException ex)
        {
            throw response.CreateInvalidResponseException(ex);
        }
    }

    private HttpRequestMessage CreateRequest(RequestParameters parameters) =>
        Options.RequestMethod == EnswitchRequestMethod.Get
            ? new HttpRequestMessage(HttpMethod.Get, new Uri(parameters.AppendTo(StatisticsPath), UriKind.Relative))
            : new HttpRequestMessage(HttpMethod.Post, new Uri(StatisticsPath, UriKind.Relative)) { Content = parameters.ToFormContent() };
}
