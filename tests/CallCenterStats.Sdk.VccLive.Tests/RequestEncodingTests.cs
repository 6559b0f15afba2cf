using CallCenterStats.Sdk.TestSupport;
using NodaTime;
using static CallCenterStats.Sdk.VccLive.Tests.VccLiveTestKit;

namespace CallCenterStats.Sdk.VccLive.Tests;

public sealed class RequestEncodingTests
{
    private const string EmptyEnvelope = """{"response":[],"errors":[]}""";

    [Fact]
    public async Task Every_parameter_is_encoded_in_the_query_string()
    {
        await using var server = await ServeAsync("date\ttime\tprojectId\tuserId\tticketCreated\temailByAgentSent\n", "text/plain");
        var request = Request(UserBasedStatisticsFormat.Tab) with
        {
            Projects = [53, 64],
            Users = [17, 21],
            HideSystemUsers = true,
            Fields = [UserBasedKpi.TicketCreated, UserBasedKpi.EmailByAgentSent],
        };

        await GetAllAsync(server, request);

        var recorded = Assert.Single(server.Requests);
        Snapshooter.Xunit3.Snapshot.Match(new
        {
            recorded.Method,
            recorded.Path,
            recorded.QueryString,
            Query = recorded.Query.Select(p => $"{p.Key}={p.Value}").ToList(),

            // The scheme only: the credential itself must never end up in a snapshot file.
            AuthorizationScheme = recorded.Authorization?.Split(' ', 2)[0],
            Accept = recorded.Headers.TryGetValue("Accept", out var accept) ? accept : null,
            recorded.Body,
        });
    }

    [Fact]
    public async Task Minimal_json_request_sends_only_dates_and_dimensions()
    {
        await using var server = await ServeAsync(EmptyEnvelope);
        var request = new UserBasedStatisticsRequest
        {
            Range = Time.DateRange.SingleDay(June1),
            Dimensions = UserBasedStatisticsDimensions.User | UserBasedStatisticsDimensions.Date,
        };

        await GetAllAsync(server, request);

        var recorded = Assert.Single(server.Requests);
        Assert.Equal("GET", recorded.Method);
        Assert.Equal("/v2/statistics/userbased", recorded.Path);
        Assert.Equal(
            ["from=20200601", "to=20200601", "dimensions=user,date"],
            recorded.Query.Select(p => $"{p.Key}={p.Value}"));
    }

    [Fact]
    public async Task Preset_is_sent_when_no_fields_are_given()
    {
        await using var server = await ServeAsync(EmptyEnvelope);

        await GetAllAsync(server, Request() with { Preset = 7, Fields = [] });

        var query = Assert.Single(server.Requests).Query;
        Assert.Contains(new KeyValuePair<string, string>("preset", "7"), query);
        Assert.DoesNotContain(query, p => p.Key == "fields");
    }

    [Fact]
    public async Task Csv_is_spelled_cvs_as_on_the_vendor_page_by_default()
    {
        await using var server = await ServeAsync("date,time,projectId,userId\n", "text/csv");

        await GetAllAsync(server, Request(UserBasedStatisticsFormat.Csv));

        Assert.Contains(new KeyValuePair<string, string>("of", "cvs"), Assert.Single(server.Requests).Query);
    }

    [Fact]
    public async Task Csv_spelling_option_sends_csv()
    {
        await using var server = await ServeAsync("date,time,projectId,userId\n", "text/csv");

        await GetAllAsync(server, Request(UserBasedStatisticsFormat.Csv), o => o.CsvSpelling = CsvFormatSpelling.Csv);

        Assert.Contains(new KeyValuePair<string, string>("of", "csv"), Assert.Single(server.Requests).Query);
    }

    [Fact]
    public async Task Json_format_leaves_the_output_parameter_to_the_vendor_default()
    {
        await using var server = await ServeAsync(EmptyEnvelope);

        await GetAllAsync(server, Request());

        Assert.DoesNotContain(Assert.Single(server.Requests).Query, p => p.Key == "of");
    }

    [Fact]
    public async Task Basic_auth_carries_the_customer_name_and_api_token()
    {
        await using var server = await ServeAsync(EmptyEnvelope);

        await GetAllAsync(server, Request());

        Assert.Equal(ExpectedAuthorization, Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task Dates_are_sent_as_basic_dates_whatever_the_current_culture()
    {
        await using var server = await ServeAsync(EmptyEnvelope);
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("th-TH");
        try
        {
            await GetAllAsync(server, Request());
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }

        var query = Assert.Single(server.Requests).Query;
        Assert.Contains(new KeyValuePair<string, string>("from", "20200601"), query);
        Assert.Contains(new KeyValuePair<string, string>("to", "20200630"), query);
    }

    [Fact]
    public async Task Dates_in_another_calendar_system_are_sent_as_iso_dates()
    {
        await using var server = await ServeAsync(EmptyEnvelope);

        // 19 May and 17 June 2020 in the Julian calendar are 1 and 30 June 2020 in the ISO calendar.
        var julian = new Time.DateRange(new LocalDate(2020, 5, 19, CalendarSystem.Julian), new LocalDate(2020, 6, 17, CalendarSystem.Julian));
        await GetAllAsync(server, Request() with { Range = julian });

        var query = Assert.Single(server.Requests).Query;
        Assert.Contains(new KeyValuePair<string, string>("from", "20200601"), query);
        Assert.Contains(new KeyValuePair<string, string>("to", "20200630"), query);
    }

    [Fact]
    public async Task Hebrew_calendar_dates_are_sent_as_iso_dates()
    {
        await using var server = await ServeAsync(EmptyEnvelope);
        var hebrew = new Time.DateRange(June1.WithCalendar(CalendarSystem.HebrewCivil), June30.WithCalendar(CalendarSystem.HebrewCivil));
        Assert.Equal(5780, hebrew.Start.Year);

        await GetAllAsync(server, Request() with { Range = hebrew });

        var query = Assert.Single(server.Requests).Query;
        Assert.Contains(new KeyValuePair<string, string>("from", "20200601"), query);
        Assert.Contains(new KeyValuePair<string, string>("to", "20200630"), query);
    }

    [Fact]
    public async Task Endpoint_path_prefix_is_kept()
    {
        await using var server = await ServeAsync(EmptyEnvelope);

        await GetAllAsync(server, Request(), o => o.Endpoint = new Uri(server.BaseAddress, "proxy/vcc"));

        Assert.Equal("/proxy/vcc/v2/statistics/userbased", Assert.Single(server.Requests).Path);
    }
}
