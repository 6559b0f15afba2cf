using System.CommandLine;
using System.CommandLine.Parsing;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using NodaTime;
using NodaTime.Text;

namespace CallCenterStats.Cli.Commands;

/// <summary>A <c>--from</c> or <c>--to</c> value: a date, a wall-clock date-time (both read in <c>--time-zone</c>), or an instant with an offset.</summary>
internal readonly record struct PointInTime(LocalDateTime Local, bool IsDate, Instant? Instant)
{
    private static readonly LocalDateTimePattern[] DateTimePatterns =
    [
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm:ss.FFFFFFFFF"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm"),
    ];

    /// <summary>Parses the text; null when it is none of the accepted forms.</summary>
    public static PointInTime? Parse(string text)
    {
        text = text.Trim();
        if (LocalDatePattern.Iso.Parse(text) is { Success: true } date)
        {
            return new PointInTime(date.Value.AtMidnight(), IsDate: true, null);
        }

        foreach (var pattern in DateTimePatterns)
        {
            if (pattern.Parse(text) is { Success: true } local)
            {
                return new PointInTime(local.Value, IsDate: false, null);
            }
        }

        if (OffsetDateTimePattern.ExtendedIso.Parse(text) is { Success: true } offset)
        {
            return new PointInTime(offset.Value.LocalDateTime, IsDate: false, offset.Value.ToInstant());
        }

        if (InstantPattern.ExtendedIso.Parse(text) is { Success: true } instant)
        {
            return new PointInTime(default, IsDate: false, instant.Value);
        }

        return null;
    }

    /// <summary>The instant in <paramref name="zone"/>: a date is the start of that day there; a skipped wall-clock time moves forward.</summary>
    public Instant InZone(DateTimeZone zone) =>
        Instant ?? (IsDate ? zone.AtStartOfDay(Local.Date).ToInstant() : zone.AtLeniently(Local).ToInstant());
}

/// <summary>The time options of <c>ccstats agents</c> and the raw commands: <c>--from</c>, <c>--to</c>, <c>--time-zone</c>, <c>--by</c>.</summary>
internal sealed class TimeOptions
{
    public const string Formats = "a date 2024-03-11 or a date-time 2024-03-11T08:00:00, read in --time-zone";

    public TimeOptions(bool withBucket = true, string zoneDescription = "The IANA time zone --from and --to are read in, and whose days, weeks and months bucket the rows.")
        : this(
            withBucket ? AllBuckets : null,
            zoneDescription,
            rangeRequired: true,
            $"Start of the range, inclusive: {Formats}.",
            $"End of the range, exclusive: {Formats} (a date means the start of that day).")
    {
    }

    private TimeOptions(TimeBucket[]? buckets, string zoneDescription, bool rangeRequired, string fromDescription, string toDescription)
    {
        From = CreatePoint("--from", fromDescription, rangeRequired);
        To = CreatePoint("--to", toDescription, rangeRequired);
        TimeZone = new Option<DateTimeZone>("--time-zone")
        {
            Description = zoneDescription,
            HelpName = "ZONE",
            DefaultValueFactory = _ => DateTimeZone.Utc,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(text) is { } zone)
                {
                    return zone;
                }

                result.AddError($"--time-zone: '{text}' is not an IANA time zone id (e.g. UTC, Europe/Warsaw).");
                return DateTimeZone.Utc;
            },
        };
        if (buckets is not null)
        {
            var names = buckets.Select(BucketName).ToArray();
            Bucket = new Option<TimeBucket>("--by")
            {
                Description = buckets.Length == AllBuckets.Length
                    ? "The period of each row: none (the whole range), minute, hour, day, week (ISO, from Monday), month or year."
                    : $"The period of each row: {string.Join(" or ", names)}.",
                HelpName = string.Join("|", names),
                DefaultValueFactory = _ => TimeBucket.Day,
                CustomParser = result => ParseBucket(result, buckets),
            };
            Bucket.CompletionSources.Add(names);
        }
    }

    /// <summary>
    /// The time options of <c>ccstats sync</c>: <c>--by</c> hour or day, <c>--from</c> needed on the first run only,
    /// <c>--to</c> optional (the last complete bucket by default).
    /// </summary>
    public static TimeOptions ForSync() => new(
        [TimeBucket.Hour, TimeBucket.Day],
        "The IANA time zone whose hours or days are stored (a separate state per zone), and that --from and --to are read in.",
        rangeRequired: false,
        $"Where to start: {Formats}. Needed on the first run of a vendor account, bucket and zone; later runs continue from the stored state (an earlier --from re-pulls from there).",
        $"Where to stop, exclusive: {Formats}. Default: the end of the last complete hour or day; a bucket still in progress is never stored.");

    public Option<PointInTime> From { get; }

    public Option<PointInTime> To { get; }

    public Option<DateTimeZone> TimeZone { get; }

    public Option<TimeBucket>? Bucket { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(From);
        command.Options.Add(To);
        command.Options.Add(TimeZone);
        if (Bucket is not null)
        {
            command.Options.Add(Bucket);
        }
    }

    /// <summary>The range [--from, --to) in the zone.</summary>
    public InstantRange Range(ParseResult parse)
    {
        var zone = parse.GetValue(TimeZone)!;
        var from = parse.GetValue(From).InZone(zone);
        var to = parse.GetValue(To).InZone(zone);
        if (to <= from)
        {
            throw new UsageException("--to must be after --from (--to is exclusive: --from 2024-03-11 --to 2024-03-12 is one day).");
        }

        return new InstantRange(from, to);
    }

    private static Option<PointInTime> CreatePoint(string name, string description, bool required) => new(name)
    {
        Description = description,
        HelpName = "DATE",
        Required = required,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (PointInTime.Parse(text) is { } point)
            {
                return point;
            }

            result.AddError($"{name}: '{text}' is not a date or date-time ({Formats}).");
            return default;
        },
    };

    private static readonly TimeBucket[] AllBuckets =
        [TimeBucket.None, TimeBucket.Minute, TimeBucket.Hour, TimeBucket.Day, TimeBucket.Week, TimeBucket.Month, TimeBucket.Year];

    private static string BucketName(TimeBucket bucket) => bucket.ToString().ToLowerInvariant();

    private static TimeBucket ParseBucket(ArgumentResult result, TimeBucket[] allowed)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        foreach (var bucket in allowed)
        {
            if (string.Equals(text, BucketName(bucket), StringComparison.OrdinalIgnoreCase))
            {
                return bucket;
            }
        }

        result.AddError($"--by: '{text}' is not one of {string.Join(", ", allowed.Select(BucketName))}.");
        return TimeBucket.Day;
    }
}
