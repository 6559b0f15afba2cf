using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.DependencyInjection;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Http;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Voximplant.Wire;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant;

/// <summary>
/// A client of the Voximplant Management API's ACD statistics. Thread-safe and meant to live as long as the
/// application (register it with <c>services.AddVoximplantClient(…)</c> or build one with <see cref="Create"/>).
/// Every request carries a cached RS256 JWT minted from the service account; when Voximplant answers
/// "authorization failed" (code 100, usually inside an HTTP 200 body) a fresh token is minted and the request
/// is sent once more.
/// </summary>
public class VoximplantClient
{
    private const string StatisticsPath = "platform_api/GetACDOperatorStatusStatistics";
    private const char ListSeparator = ';';

    private readonly VendorRequestPipeline? _pipeline;
    private readonly IClock? _clock;
    private readonly HourNumbering _hourNumbering;

    /// <summary>
    /// For mocking frameworks; a client built this way cannot send requests: a method that is not overridden
    /// throws <see cref="InvalidOperationException"/>.
    /// </summary>
    protected VoximplantClient()
    {
    }

    internal VoximplantClient(VendorClientContext<VoximplantOptions> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _pipeline = context.CreatePipeline(VoximplantErrorPolicy.Instance);
        _clock = context.Clock;
        _hourNumbering = context.Options.HourNumbering;
    }

    /// <summary>
    /// Builds a client without dependency injection, with the same auth, error handling and HTTP pipeline as a
    /// registered one: <c>var client = VoximplantClient.Create(new() { CredentialsPath = "credentials.json" });</c>
    /// </summary>
    /// <param name="options">The options; validated now.</param>
    /// <returns>The client.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; the message names each bad option.</exception>
    public static VoximplantClient Create(VoximplantOptions options) =>
        VendorClientRegistration.CreateStandalone<VoximplantClient, VoximplantOptions>(options, services => services.AddVoximplantClient(_ => { }));

    /// <summary>
    /// Gets the time operators spent in each ACD status (<c>GetACDOperatorStatusStatistics</c>), per user and,
    /// when aggregated, per UTC day or hour.
    /// </summary>
    /// <param name="request">What to report; validated before any I/O.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter is invalid; <see cref="ArgumentException.ParamName"/> names it (e.g. <c>request.To</c>).</exception>
    /// <exception cref="VendorApiException">Voximplant reported an error (whatever the HTTP status), or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">The client was built with the protected constructor (for mocking) and this method is not overridden.</exception>
    public virtual async Task<AcdOperatorStatusStatistics> GetAcdOperatorStatusStatisticsAsync(
        AcdOperatorStatusStatisticsRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_pipeline is null || _clock is null)
        {
            throw new InvalidOperationException(
                "This client was created for mocking (protected constructor) and cannot send requests: override the method, or build the client with Create or dependency injection.");
        }

        var (parameters, range) = BuildParameters(request, _clock);
        var envelope = await _pipeline.SendJsonAsync(
            () => new HttpRequestMessage(HttpMethod.Post, StatisticsPath) { Content = parameters.ToFormContent() },
            VoximplantJsonContext.Default.StatisticsEnvelope,
            VoximplantErrorPolicy.FindErrors,
            cancellationToken).ConfigureAwait(false);

        return StatisticsMapper.Map(envelope, range, request.Group ?? StatisticsGrouping.ByAgent, _hourNumbering);
    }

    /// <summary>Validates the request and encodes it as form fields, in the documented order.</summary>
    internal static (RequestParameters Parameters, InstantRange Range) BuildParameters(AcdOperatorStatusStatisticsRequest request, IClock clock)
    {
        var now = clock.GetCurrentInstant();
        if (request.From > now)
        {
            throw new ArgumentException(
                $"From ({WireFormat.IsoUtc(request.From)}) is in the future (now is {WireFormat.IsoUtc(now)}).",
                $"{nameof(request)}.{nameof(request.From)}");
        }

        // Whole seconds are what goes on the wire; compare what Voximplant will see.
        var to = request.To ?? now;
        if (Truncate(to) <= Truncate(request.From))
        {
            throw new ArgumentException(
                $"To ({WireFormat.IsoUtc(to)}) must be at least one second after From ({WireFormat.IsoUtc(request.From)}).",
                $"{nameof(request)}.{nameof(request.To)}");
        }

        string? statuses = null;
        if (request.Statuses is { } list)
        {
            if (list.Count == 0)
            {
                throw new ArgumentException("Statuses cannot be empty; leave it null to report every status.", $"{nameof(request)}.{nameof(request.Statuses)}");
            }

            statuses = ParameterValues.Join(list.Select(s => s.Value).Distinct(StringComparer.Ordinal), ListSeparator, $"{nameof(request)}.{nameof(request.Statuses)}");
        }

        var users = "all";
        if (request.UserIds is { } ids)
        {
            if (ids.Count == 0)
            {
                throw new ArgumentException("UserIds cannot be empty; leave it null to report all users.", $"{nameof(request)}.{nameof(request.UserIds)}");
            }

            ParameterValues.EnsurePositive(ids, $"{nameof(request)}.{nameof(request.UserIds)}");

            users = ParameterValues.Join(ids.Distinct(), ListSeparator);
        }

        string? aggregation = request.Aggregation switch
        {
            null => null,
            TimeBucket.None => "none",
            TimeBucket.Day => "day",
            TimeBucket.HourOfDay => "hour_of_day",
            TimeBucket.Hour => "hour",
            var other => throw new ArgumentException(
                $"Voximplant aggregates by None, Day, HourOfDay or Hour, not {other}.",
                $"{nameof(request)}.{nameof(request.Aggregation)}"),
        };

        string? group = request.Group switch
        {
            null => null,
            StatisticsGrouping.ByAgent => "user",
            StatisticsGrouping.ByPeriod => "aggregation",
            var other => throw new ArgumentException(
                $"Group must be ByAgent or ByPeriod, not {other}.",
                $"{nameof(request)}.{nameof(request.Group)}"),
        };

        var parameters = new RequestParameters()
            .Add("from_date", WireFormat.UtcDateTime(request.From))
            .Add("to_date", WireFormat.UtcDateTime(to))
            .Add("acd_status", statuses)
            .Add("user_id", users)
            .Add("aggregation", aggregation)
            .Add("group", group);
        return (parameters, new InstantRange(request.From, to));
    }

    private static Instant Truncate(Instant instant) => Instant.FromUnixTimeSeconds(instant.ToUnixTimeSeconds());
}
