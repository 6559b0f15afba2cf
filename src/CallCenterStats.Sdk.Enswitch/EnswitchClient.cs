using System.Text.Json;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Enswitch.Wire;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Enswitch;

/// <summary>
/// Client of a self-hosted Enswitch deployment's JSON API: call statistics of queue destinations
/// (<c>queues/destinations/statistics/get</c>). Thread-safe; meant to be a singleton (resolve it from DI with
/// <see cref="EnswitchServiceCollectionExtensions.AddEnswitchClient(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{EnswitchOptions})"/>
/// or build one with <see cref="Create"/> and dispose it when done).
/// </summary>
/// <remarks>
/// Requests are <c>POST</c>s with a form body by default, so <c>auth_username</c> and <c>auth_password</c> never
/// appear in a URL (see <see cref="EnswitchOptions.RequestMethod"/>). Every failure is a
/// <see cref="VendorApiException"/>, including errors Enswitch reports inside HTTP 200 bodies.
/// </remarks>
public class EnswitchClient : VendorClient<EnswitchOptions>
{
    /// <summary>The operation's path below the endpoint (Enswitch wants the trailing slash).</summary>
    internal const string StatisticsPath = "api/json/queues/destinations/statistics/get/";

    private static readonly VendorOperation StatisticsOperation = new("queues/destinations/statistics/get");

    private static readonly Instant UnixEpoch = NodaConstants.UnixEpoch;

    private readonly EnswitchOptions? _options;

    /// <summary>For mocking: a client built this way sends nothing (see <see cref="VendorClient"/>).</summary>
    protected EnswitchClient()
    {
    }

    internal EnswitchClient(VendorClientContext<EnswitchOptions> context)
        : base(context)
    {
        _options = context.Options;
    }

    /// <summary>
    /// Builds a client without dependency injection, with the same pipeline (auth, errors, retries, timeouts,
    /// telemetry) as the DI registration. Dispose it when done.
    /// </summary>
    /// <param name="options">The deployment's endpoint and credentials; validated now and copied.</param>
    /// <param name="services">A handler, logger factory, clock or time provider to use instead of the defaults.</param>
    /// <returns>The client.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; the message names each bad option.</exception>
    public static EnswitchClient Create(EnswitchOptions options, VendorClientServices? services = null) =>
        VendorClientRegistration.CreateStandalone(EnswitchDescriptor.Instance, options, services);

    /// <summary>Gets the call statistics of one queue destination over a range (<c>destination=…</c>).</summary>
    /// <param name="request">The destination and the range; validated by this call, before any I/O.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The destination's statistics; all zero and empty when Enswitch returns no data.</returns>
    /// <exception cref="ArgumentException">The destination is not positive, or the range is empty (<c>default</c>) or starts before 1970.</exception>
    /// <exception cref="InvalidOperationException">The client was built for mocking and the method is not overridden.</exception>
    /// <exception cref="VendorApiException">
    /// Enswitch reported an error (code <c>400</c> → <see cref="VendorErrorKind.InvalidRequest"/> with the bad parameter
    /// in <see cref="VendorError.Target"/>, <c>401</c> → <see cref="VendorErrorKind.Authentication"/>, <c>402</c> →
    /// <see cref="VendorErrorKind.PermissionDenied"/>, <c>404</c> → <see cref="VendorErrorKind.NotFound"/>), in any HTTP
    /// status; or it could not be reached or read.
    /// </exception>
    public virtual Task<DestinationStatistics> GetDestinationStatisticsAsync(
        DestinationStatisticsRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.Destination, $"{nameof(request)}.{nameof(request.Destination)}");
        ValidateRange(request.Range, $"{nameof(request)}.{nameof(request.Range)}");
        var pipeline = GetPipeline();
        return SendAsync(pipeline, CreateParameters().Add("destination", request.Destination), request.Range, StatisticsReader.ReadDestination, static _ => 1, cancellationToken);
    }

    /// <summary>
    /// Gets the call statistics of every destination of a queue over a range (<c>queue=…</c>), one row per destination
    /// as Enswitch groups them by <see cref="DestinationStatistics.DestinationType"/> (<c>dtype</c>) and
    /// <see cref="DestinationStatistics.DestinationNumber"/> (<c>dnumber</c>).
    /// </summary>
    /// <param name="request">The queue and the range; validated by this call, before any I/O.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows in Enswitch's order; empty when the queue has no destinations or Enswitch returns no data.</returns>
    /// <exception cref="ArgumentException">The queue is not positive, or the range is empty (<c>default</c>) or starts before 1970.</exception>
    /// <exception cref="InvalidOperationException">The client was built for mocking and the method is not overridden.</exception>
    /// <exception cref="VendorApiException">
    /// Enswitch reported an error (<c>400</c>, <c>401</c>, <c>402</c>, or <c>404</c> when the queue does not exist or is
    /// not visible to the user), in any HTTP status; or it could not be reached or read.
    /// </exception>
    public virtual Task<IReadOnlyList<DestinationStatistics>> GetQueueStatisticsAsync(
        QueueStatisticsRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.Queue, $"{nameof(request)}.{nameof(request.Queue)}");
        ValidateRange(request.Range, $"{nameof(request)}.{nameof(request.Range)}");
        var pipeline = GetPipeline();
        return SendAsync(pipeline, CreateParameters().Add("queue", request.Queue), request.Range, StatisticsReader.ReadQueue, static rows => rows.Count, cancellationToken);
    }

    private static void ValidateRange(InstantRange range, string paramName)
    {
        // Required: without a range Enswitch reads all of its history, which it warns loads its database.
        InstantRange.ThrowIfDefault(range, paramName);

        if (range.Start < UnixEpoch)
        {
            throw new ArgumentException(
                $"The range starts at {WireFormat.IsoUtc(range.Start)}, before the Unix epoch; Enswitch takes Unix timestamps.",
                paramName);
        }
    }

    private RequestParameters CreateParameters() =>
        new RequestParameters()
            .Add("auth_username", _options!.Username)
            .Add("auth_password", _options.Password);

    private Task<T> SendAsync<T>(
        VendorPipeline pipeline,
        RequestParameters parameters,
        InstantRange range,
        Func<JsonElement, T> readData,
        Func<T, long> countRows,
        CancellationToken cancellationToken)
    {
        parameters
            .Add("start", WireFormat.UnixSeconds(range.Start))
            .Add("end", WireFormat.UnixSeconds(range.End));

        return pipeline.SendAsync(
            StatisticsOperation,
            () => CreateRequest(parameters),
            async (response, token) =>
            {
                var envelope = await response.ReadJsonAsync(EnswitchJsonContext.Default.EnswitchEnvelope, token).ConfigureAwait(false);
                var report = EnswitchErrorPolicy.FindErrors(envelope);
                if (report.HasErrors)
                {
                    throw response.CreateException(report);
                }

                if (EnswitchErrorPolicy.FindProblem(envelope) is { } problem)
                {
                    throw response.CreateInvalidResponseException(problem);
                }

                try
                {
                    return readData(envelope.Data);
                }
                catch (FormatException ex)
                {
                    // The reader's own refusals (see the README, "Answers the client refuses"), with their reason.
                    throw response.CreateInvalidResponseException(ex.Message.TrimEnd('.'));
                }
                catch (InvalidOperationException)
                {
                    // JsonElement text is decoded on demand: invalid UTF-8 or an escaped lone surrogate in "data".
                    throw response.CreateInvalidResponseException("\"data\" holds text that is not valid UTF-8 or UTF-16");
                }
            },
            countRows,
            cancellationToken);
    }

    private HttpRequestMessage CreateRequest(RequestParameters parameters) =>
        _options!.RequestMethod == EnswitchRequestMethod.Get
            ? new HttpRequestMessage(HttpMethod.Get, new Uri(parameters.AppendTo(StatisticsPath), UriKind.Relative))
            : new HttpRequestMessage(HttpMethod.Post, new Uri(StatisticsPath, UriKind.Relative)) { Content = parameters.ToFormContent() };
}
