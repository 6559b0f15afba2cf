using System.Text;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>What the JSON and the tab/CSV readers share: how wire dates and times are read, and how a row gets its period.</summary>
internal static class UserBasedRowMapping
{
    /// <summary>Parses <c>yyyy-mm-dd</c> (documented) or <c>yyyymmdd</c>; null or blank is null.</summary>
    /// <exception cref="FormatException">The text is not a date.</exception>
    public static LocalDate? ParseDate(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : WireValues.TryParseDate(Encoding.UTF8.GetBytes(text), out var date) ? date
        : throw new FormatException($"'{text}' is not a date (expected yyyy-mm-dd).");

    /// <summary>Parses the <c>hhmm</c> integer (<c>1500</c>, <c>915</c>, <c>0</c>), or <c>H:mm</c> / <c>H:mm:ss</c>; null or blank is null.</summary>
    /// <exception cref="FormatException">The text is not a time of day.</exception>
    public static LocalTime? ParseTime(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : WireValues.TryParseTime(Encoding.UTF8.GetBytes(text), out var time) ? time
        : throw new FormatException($"'{text}' is not a time of day (expected an hhmm integer such as 1500 or 915).");

    /// <summary>How a row's date and time become its period: the zone and the slot length (one per client).</summary>
    internal sealed class RowPeriods(BucketCalendar calendar, TimeBucket slot)
    {
        public BucketCalendar Calendar => calendar;

        public TimeBucket Slot => slot;

        public StatisticsPeriod? Of(LocalDate? date, LocalTime? time)
        {
            if (date is not { } day)
            {
                return null;
            }

            if (time is not { } start)
            {
                var dayStart = calendar.Zone.AtStartOfDay(day).ToInstant();
                return new StatisticsPeriod(dayStart, calendar.GetNextBucketStart(dayStart, TimeBucket.Day), TimeBucket.Day, calendar.Zone);
            }

            return StatisticsPeriod.Containing(day.At(start).InZoneLeniently(calendar.Zone).ToInstant(), slot, calendar);
        }
    }

    /// <summary>
    /// The periods of one answer. Rows repeat the same few thousand date-and-time pairs (every user has the same slots),
    /// so each period is computed once and shared (it is immutable).
    /// </summary>
    internal sealed class PeriodCache(RowPeriods periods)
    {
        private const int MaxEntries = 8192;
        private const int NoTime = 86_400;

        private readonly Dictionary<long, StatisticsPeriod?> _known = [];

        public StatisticsPeriod? Of(LocalDate? date, LocalTime? time)
        {
            if (date is not { } day)
            {
                return null;
            }

            var key = ((((long)day.Year * 16) + day.Month) * 32 + day.Day) * (NoTime + 1) + (time is { } t ? t.TickOfDay / NodaConstants.TicksPerSecond : NoTime);
            if (_known.TryGetValue(key, out var period))
            {
                return period;
            }

            if (_known.Count >= MaxEntries)
            {
                _known.Clear();
            }

            period = periods.Of(date, time);
            _known.Add(key, period);
            return period;
        }
    }
}
