using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Core.Tests.Aggregation;

public sealed class BucketCalendarTests
{
    private static readonly DateTimeZone Warsaw = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];
    private readonly BucketCalendar _warsaw = new(Warsaw);

    [Fact]
    public void Day_bucket_on_the_spring_forward_day_lasts_23_hours()
    {
        var bucket = _warsaw.GetBucket(Instant.FromUtc(2024, 3, 31, 12, 0), TimeBucket.Day);

        Assert.Equal(Instant.FromUtc(2024, 3, 30, 23, 0), bucket.Start);
        Assert.Equal(Duration.FromHours(23), bucket.Duration);
    }

    [Fact]
    public void Day_bucket_on_the_fall_back_day_lasts_25_hours()
    {
        var bucket = _warsaw.GetBucket(Instant.FromUtc(2024, 10, 27, 12, 0), TimeBucket.Day);

        Assert.Equal(Instant.FromUtc(2024, 10, 26, 22, 0), bucket.Start);
        Assert.Equal(Duration.FromHours(25), bucket.Duration);
    }

    [Fact]
    public void Repeated_hour_when_clocks_go_back_gives_two_distinct_buckets()
    {
        // 02:30 local happens at 00:30Z (+02:00) and again at 01:30Z (+01:00).
        var first = _warsaw.GetBucket(Instant.FromUtc(2024, 10, 27, 0, 30), TimeBucket.Hour);
        var second = _warsaw.GetBucket(Instant.FromUtc(2024, 10, 27, 1, 30), TimeBucket.Hour);

        Assert.Equal(Instant.FromUtc(2024, 10, 27, 0, 0), first.Start);
        Assert.Equal(Instant.FromUtc(2024, 10, 27, 1, 0), second.Start);
        Assert.Equal(first.End, second.Start);
        Assert.Equal(Duration.FromHours(1), second.Duration);
    }

    [Fact]
    public void Hour_after_the_spring_gap_starts_at_three_local()
    {
        // 01:00Z is 03:00 local (+02:00): the 02:00 hour does not exist that day.
        var bucket = _warsaw.GetBucket(Instant.FromUtc(2024, 3, 31, 1, 15), TimeBucket.Hour);

        Assert.Equal(Instant.FromUtc(2024, 3, 31, 1, 0), bucket.Start);
        Assert.Equal(new LocalTime(3, 0), bucket.Start.InZone(Warsaw).TimeOfDay);
    }

    [Fact]
    public void Hour_of_day_is_the_local_wall_clock_hour()
    {
        Assert.Equal(3, _warsaw.HourOfDay(Instant.FromUtc(2024, 3, 31, 1, 15)));
        Assert.Equal(2, _warsaw.HourOfDay(Instant.FromUtc(2024, 10, 27, 1, 30)));
    }

    [Fact]
    public void Minute_bucket_truncates_seconds()
    {
        var bucket = BucketCalendar.Utc.GetBucket(Instant.FromUtc(2024, 3, 11, 9, 5, 59), TimeBucket.Minute);

        Assert.Equal(new InstantRange(Instant.FromUtc(2024, 3, 11, 9, 5), Instant.FromUtc(2024, 3, 11, 9, 6)), bucket);
    }

    [Fact]
    public void Weeks_start_on_monday_by_default()
    {
        // Sunday 17 March 2024.
        var bucket = BucketCalendar.Utc.GetBucket(Instant.FromUtc(2024, 3, 17, 10, 0), TimeBucket.Week);

        Assert.Equal(Instant.FromUtc(2024, 3, 11, 0, 0), bucket.Start);
        Assert.Equal(Instant.FromUtc(2024, 3, 18, 0, 0), bucket.End);
    }

    [Fact]
    public void Weeks_can_start_on_sunday()
    {
        var calendar = new BucketCalendar(DateTimeZone.Utc, IsoDayOfWeek.Sunday);

        var bucket = calendar.GetBucket(Instant.FromUtc(2024, 3, 17, 10, 0), TimeBucket.Week);

        Assert.Equal(Instant.FromUtc(2024, 3, 17, 0, 0), bucket.Start);
        Assert.Equal(Instant.FromUtc(2024, 3, 24, 0, 0), bucket.End);
    }

    [Fact]
    public void Week_containing_the_spring_change_lasts_167_hours()
    {
        var bucket = _warsaw.GetBucket(Instant.FromUtc(2024, 3, 28, 0, 0), TimeBucket.Week);

        Assert.Equal(Duration.FromHours(167), bucket.Duration);
    }

    [Fact]
    public void Month_and_year_buckets_follow_the_local_calendar()
    {
        var month = _warsaw.GetBucket(Instant.FromUtc(2024, 3, 15, 0, 0), TimeBucket.Month);
        var year = _warsaw.GetBucket(Instant.FromUtc(2024, 3, 15, 0, 0), TimeBucket.Year);

        Assert.Equal(Instant.FromUtc(2024, 2, 29, 23, 0), month.Start);
        Assert.Equal(Instant.FromUtc(2024, 3, 31, 22, 0), month.End);
        Assert.Equal(Instant.FromUtc(2023, 12, 31, 23, 0), year.Start);
        Assert.Equal(Instant.FromUtc(2024, 12, 31, 23, 0), year.End);
    }

    [Fact]
    public void New_years_eve_in_utc_is_already_next_year_in_warsaw()
    {
        var year = _warsaw.GetBucket(Instant.FromUtc(2024, 12, 31, 23, 30), TimeBucket.Year);

        Assert.Equal(2025, year.Start.InZone(Warsaw).Year);
    }

    [Fact]
    public void Bucket_none_has_no_boundaries()
    {
        var ex = Assert.Throws<ArgumentException>(() => _warsaw.GetBucket(Instant.FromUtc(2024, 1, 1, 0, 0), TimeBucket.None));

        Assert.Equal("bucket", ex.ParamName);
    }

    [Fact]
    public void Invalid_first_day_of_week_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>("firstDayOfWeek", () => new BucketCalendar(DateTimeZone.Utc, IsoDayOfWeek.None));
    }

    [Fact]
    public void Split_by_day_over_the_fall_back_weekend_gives_local_days()
    {
        var range = new DateRange(new LocalDate(2024, 10, 26), new LocalDate(2024, 10, 28)).ToInstantRange(Warsaw);

        var chunks = range.Split(TimeBucket.Day, _warsaw).ToList();

        Assert.Equal([24, 25, 24], chunks.Select(c => (int)c.Duration.TotalHours));
        Assert.Equal(range.Start, chunks[0].Start);
        Assert.Equal(range.End, chunks[^1].End);
        Assert.All(chunks.Zip(chunks.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
    }

    [Fact]
    public void Split_keeps_partial_first_and_last_buckets()
    {
        var range = new InstantRange(Instant.FromUtc(2024, 3, 11, 9, 30), Instant.FromUtc(2024, 3, 11, 11, 15));

        var chunks = BucketCalendar.Utc.Split(range, TimeBucket.Hour).ToList();

        Assert.Equal(
            [
                new InstantRange(Instant.FromUtc(2024, 3, 11, 9, 30), Instant.FromUtc(2024, 3, 11, 10, 0)),
                new InstantRange(Instant.FromUtc(2024, 3, 11, 10, 0), Instant.FromUtc(2024, 3, 11, 11, 0)),
                new InstantRange(Instant.FromUtc(2024, 3, 11, 11, 0), Instant.FromUtc(2024, 3, 11, 11, 15)),
            ],
            chunks);
    }

    [Fact]
    public void Split_by_hour_over_the_fall_back_night_gives_25_chunks()
    {
        var range = DateRange.SingleDay(new LocalDate(2024, 10, 27)).ToInstantRange(Warsaw);

        var chunks = range.Split(TimeBucket.Hour, _warsaw).ToList();

        Assert.Equal(25, chunks.Count);
        Assert.All(chunks, c => Assert.Equal(Duration.FromHours(1), c.Duration));
    }

    [Fact]
    public void Split_with_no_bucket_returns_the_range()
    {
        var range = new InstantRange(Instant.FromUtc(2024, 3, 11, 9, 30), Instant.FromUtc(2024, 4, 11, 11, 15));

        Assert.Equal([range], range.Split(TimeBucket.None, _warsaw));
    }

    [Fact]
    public void Split_by_month_over_a_year_gives_twelve_months()
    {
        var range = new DateRange(new LocalDate(2024, 1, 1), new LocalDate(2024, 12, 31)).ToInstantRange(Warsaw);

        var chunks = range.Split(TimeBucket.Month, _warsaw).ToList();

        Assert.Equal(12, chunks.Count);
        Assert.Equal(Enumerable.Range(1, 12), chunks.Select(c => c.Start.InZone(Warsaw).Month));
        Assert.All(chunks, c => Assert.Equal(1, c.Start.InZone(Warsaw).Day));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(9, 14, 0)]
    [InlineData(9, 15, 15)]
    [InlineData(9, 29, 15)]
    [InlineData(9, 30, 30)]
    [InlineData(9, 59, 45)]
    public void Quarter_hour_buckets_start_on_the_quarter_of_the_local_clock(int hour, int minute, int startMinute)
    {
        // Kathmandu is UTC+05:45: a quarter of its wall clock is not a quarter of UTC's hour offset by whole hours.
        var kathmandu = new BucketCalendar(DateTimeZoneProviders.Tzdb["Asia/Kathmandu"]);
        var local = new LocalDateTime(2024, 3, 11, hour, minute, 37);
        var instant = local.InZoneStrictly(kathmandu.Zone).ToInstant();

        var bucket = kathmandu.GetBucket(instant, TimeBucket.QuarterHour);

        Assert.Equal(new LocalDateTime(2024, 3, 11, hour, startMinute), bucket.Start.InZone(kathmandu.Zone).LocalDateTime);
        Assert.Equal(Duration.FromMinutes(15), bucket.Duration);
        Assert.True(bucket.Contains(instant));
    }

    [Fact]
    public void Quarter_hours_jump_the_spring_gap_without_a_bucket_for_the_missing_hour()
    {
        // 01:45 local (+01:00) is 00:45Z; the next quarter is 03:00 local (+02:00), 01:00Z.
        var before = _warsaw.GetBucket(Instant.FromUtc(2024, 3, 31, 0, 50), TimeBucket.QuarterHour);
        var after = _warsaw.GetBucket(Instant.FromUtc(2024, 3, 31, 1, 0), TimeBucket.QuarterHour);

        Assert.Equal(new LocalDateTime(2024, 3, 31, 1, 45), before.Start.InZone(Warsaw).LocalDateTime);
        Assert.Equal(new LocalDateTime(2024, 3, 31, 3, 0), after.Start.InZone(Warsaw).LocalDateTime);
        Assert.Equal(before.End, after.Start);
    }

    [Fact]
    public void Quarter_hours_of_the_repeated_hour_when_clocks_go_back_are_distinct()
    {
        // 02:15 local happens at 00:15Z (+02:00) and again at 01:15Z (+01:00).
        var first = _warsaw.GetBucket(Instant.FromUtc(2024, 10, 27, 0, 20), TimeBucket.QuarterHour);
        var second = _warsaw.GetBucket(Instant.FromUtc(2024, 10, 27, 1, 20), TimeBucket.QuarterHour);

        Assert.Equal(Instant.FromUtc(2024, 10, 27, 0, 15), first.Start);
        Assert.Equal(Instant.FromUtc(2024, 10, 27, 1, 15), second.Start);
        Assert.Equal(first.Start.InZone(Warsaw).LocalDateTime, second.Start.InZone(Warsaw).LocalDateTime);
    }

    [Theory]
    [InlineData(2024, 3, 30, 96)]
    [InlineData(2024, 3, 31, 92)]
    [InlineData(2024, 10, 27, 100)]
    public void A_local_day_splits_into_96_quarter_hours_or_4_fewer_or_more_on_a_dst_day(int year, int month, int day, int quarters)
    {
        var date = new LocalDate(year, month, day);
        var range = new InstantRange(Warsaw.AtStartOfDay(date).ToInstant(), Warsaw.AtStartOfDay(date.PlusDays(1)).ToInstant());

        var chunks = _warsaw.Split(range, TimeBucket.QuarterHour).ToList();

        Assert.Equal(quarters, chunks.Count);
        Assert.All(chunks, c => Assert.Equal(Duration.FromMinutes(15), c.Duration));
        Assert.All(chunks, c => Assert.Equal(0, c.Start.InZone(Warsaw).Minute % 15));
        Assert.Equal(range.Start, chunks[0].Start);
        Assert.Equal(range.End, chunks[^1].End);
        Assert.All(chunks.Zip(chunks.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
    }
}
