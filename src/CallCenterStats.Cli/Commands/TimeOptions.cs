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
    {
        From = CreatePoint("--from", $"Start of the range, inclusive: {Formats}.");
        To = CreatePoint("--to", $"End of the range, exclusive: {Formats} (a date means the start of that day).");
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
        Bucket = withBucket
            ? new Option<TimeBucket>("--by")
            {
                Description = "The period of each row: none (the whole range), minute, hour, day, week (ISO, from Monday), month or year.",
                HelpName = "none|minute|hour|day|week|month|year",
                DefaultValueFactory = _ => TimeBucket.Day,
                CustomParser = ParseBucket,
            }
            : null;
        Bucket?.CompletionSources.Add("none", "minute", "hour", "day", "week", "month", "year");
    }

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

    private static Option<PointInTime> CreatePoint(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DATE",
        Required = true,
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

    private static TimeBucket ParseBucket(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        switch (text.ToUpperInvariant())
        {
            case "NONE": return TimeBucket.None;
            case "MINUTE": return TimeBucket.Minute;
            case "HOUR": return TimeBucket.Hour;
            case "DAY": return TimeBucket.Day;
            case "WEEK": return TimeBucket.Week;
            case "MONTH": return TimeBucket.Month;
            case "YEAR": return TimeBucket.Year;
            default:
                result.AddError($"--by: '{text}' is not one of none, minute, hour, day, week, month, year.");
                return TimeBucket.Day;
        }
    }
}
