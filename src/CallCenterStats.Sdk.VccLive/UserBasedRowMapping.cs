using System.Globalization;
using System.Text.Json;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;
using NodaTime;
using NodaTime.Text;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>Turns what VCC Live sends (JSON rows, or tab/CSV records) into <see cref="UserBasedStatisticsRow"/>s.</summary>
/// <remarks>Malformed known values throw <see cref="FormatException"/>; the client turns it into an invalid-response error.</remarks>
internal static class UserBasedRowMapping
{
    private static readonly LocalTimePattern ClockPattern = LocalTimePattern.CreateWithInvariantCulture("H':'mm");
    private static readonly LocalTimePattern ClockWithSecondsPattern = LocalTimePattern.CreateWithInvariantCulture("H':'mm':'ss");
    private static readonly Dictionary<string, JsonElement> NoData = [];

    public static UserBasedStatisticsRow FromJson(UserBasedRowDto dto, RowPeriods periods)
    {
        var date = ParseDate(dto.Date);
        var time = ParseTime(dto.Time);
        var values = new Dictionary<UserBasedKpi, UserBasedKpiValue>();
        foreach (var item in dto.Data ?? [])
        {
            if (item is null)
            {
                continue;
            }

            if (string.IsNullOrEmpty(item.Field))
            {
                throw new FormatException("A KPI item of a row has no 'field' name.");
            }

            var kpi = new UserBasedKpi(item.Field);
            values[kpi] = new UserBasedKpiValue
            {
                Kpi = kpi,
                Count = item.Count,
                Sum = item.Sum,
                AdditionalData = item.Extra ?? NoData,
            };
        }

        return new UserBasedStatisticsRow
        {
            Date = date,
            Time = time,
            Period = periods.Of(date, time),
            ProjectId = dto.ProjectId,
            UserId = dto.UserId,
            Level = dto.Level,
            Values = values,
            AdditionalData = dto.Extra ?? NoData,
        };
    }

    /// <summary>Parses <c>yyyy-mm-dd</c> (documented) or <c>yyyymmdd</c>; null or blank is null.</summary>
    public static LocalDate? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        return WireFormat.TryParseIsoDate(text, out var date) || WireFormat.TryParseBasicDate(text, out date)
            ? date
            : throw new FormatException($"'{text}' is not a date (expected yyyy-mm-dd).");
    }

    /// <summary>Parses the <c>hhmm</c> integer (<c>1500</c>, <c>915</c>, <c>0</c>), or <c>H:mm</c> / <c>H:mm:ss</c>; null or blank is null.</summary>
    public static LocalTime? ParseTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (text.Length <= 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm))
        {
            var (hour, minute) = Math.DivRem(hhmm, 100);
            if (hour < 24 && minute < 60)
            {
                return new LocalTime(hour, minute);
            }
        }
        else if (ClockPattern.Parse(text) is { Success: true } clock)
        {
            return clock.Value;
        }
        else if (ClockWithSecondsPattern.Parse(text) is { Success: true } clockWithSeconds)
        {
            return clockWithSeconds.Value;
        }

        throw new FormatException($"'{text}' is not a time of day (expected an hhmm integer such as 1500 or 915).");
    }

    /// <summary>How a row's date and time become its period: the zone and the slot length.</summary>
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

    /// <summary>Maps tab/CSV records to rows by the header's column names.</summary>
    internal sealed class DelimitedMapper
    {
        private readonly string[] _header;
        private readonly Column[] _columns;
        private readonly RowPeriods _periods;

        public DelimitedMapper(string[] header, RowPeriods periods)
        {
            _header = header.Select(h => h.Trim()).ToArray();
            _columns = _header.Select(Classify).ToArray();
            _periods = periods;
        }

        private enum Column
        {
            Kpi,
            Date,
            Time,
            ProjectId,
            UserId,
            Level,
        }

        public UserBasedStatisticsRow Map(string[] record)
        {
            if (record.Length > _header.Length)
            {
                throw new FormatException($"A row has {record.Length} cells but the header names {_header.Length} columns.");
            }

            string? dateText = null, timeText = null;
            long? projectId = null, userId = null, level = null;
            var values = new Dictionary<UserBasedKpi, UserBasedKpiValue>();
            for (var i = 0; i < record.Length; i++)
            {
                var cell = record[i];
                switch (_columns[i])
                {
                    case Column.Date:
                        dateText = cell;
                        break;
                    case Column.Time:
                        timeText = cell;
                        break;
                    case Column.ProjectId:
                        projectId = ParseInteger(cell, _header[i]);
                        break;
                    case Column.UserId:
                        userId = ParseInteger(cell, _header[i]);
                        break;
                    case Column.Level:
                        level = ParseInteger(cell, _header[i]);
                        break;
                    default:
                        var kpi = new UserBasedKpi(_header[i]);
                        values[kpi] = new UserBasedKpiValue
                        {
                            Kpi = kpi,
                            Sum = decimal.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var sum) ? sum : null,
                            RawText = cell,
                        };
                        break;
                }
            }

            var date = ParseDate(dateText);
            var time = ParseTime(timeText);
            return new UserBasedStatisticsRow
            {
                Date = date,
                Time = time,
                Period = _periods.Of(date, time),
                ProjectId = projectId,
                UserId = userId,
                Level = level,
                Values = values,
                AdditionalData = NoData,
            };
        }

        private static Column Classify(string name)
        {
            // projectId, project_id, Project ID and the like all name the same column.
            var key = string.Concat(name.Where(char.IsAsciiLetterOrDigit)).ToUpperInvariant();
            return key switch
            {
                "DATE" => Column.Date,
                "TIME" => Column.Time,
                "PROJECTID" => Column.ProjectId,
                "USERID" => Column.UserId,
                "LEVEL" => Column.Level,
                _ => Column.Kpi,
            };
        }

        private static long? ParseInteger(string cell, string column)
        {
            if (string.IsNullOrWhiteSpace(cell))
            {
                return null;
            }

            return long.TryParse(cell.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FormatException($"'{cell}' in column '{column}' is not an integer.");
        }
    }
}
