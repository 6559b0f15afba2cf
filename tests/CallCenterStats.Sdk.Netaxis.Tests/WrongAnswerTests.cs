using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.Time;
using Microsoft.AspNetCore.Http;
using NodaTime;
using static CallCenterStats.Sdk.Netaxis.Tests.NetaxisTestHost;

namespace CallCenterStats.Sdk.Netaxis.Tests;

/// <summary>
/// Structurally wrong answers (the README's "Answers the client refuses") are <see cref="VendorErrorKind.InvalidResponse"/>
/// with a reason, never an empty success, an OverflowException or an ArgumentOutOfRangeException.
/// </summary>
public sealed class WrongAnswerTests
{
    private static readonly InstantRange Range = new(Instant.FromUtc(2021, 1, 1, 0, 0), Instant.FromUtc(2021, 3, 1, 0, 0));

    private static async Task<VendorApiException> StatisticsRefusedAsync(string body)
    {
        await using var host = await StartAsync(200, body);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = Range }, Ct));
        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.False(ex.IsTransient);
        return ex;
    }

    private static async Task<VendorApiException> ReportingRefusedAsync(string body)
    {
        await using var host = await StartAsync(200, body);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsReportingAsync(CallCenter, Ct));
        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        return ex;
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"statisticsRange": {"start": "2021-01-01T00:00:00+01:00", "end": "2021-03-01T00:00:00+01:00"}}""")]
    [InlineData("""{"queueStatistics": null, "agentStatistics": null}""")]
    [InlineData("""{"errors": []}""")]
    [InlineData("""{"result": {"queueStatistics": {}}}""")]
    public async Task A_statistics_answer_without_statistics_is_refused(string body)
    {
        var ex = await StatisticsRefusedAsync(body);

        Assert.Contains("neither \"queueStatistics\" nor \"agentStatistics\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_without_a_user_id_is_refused()
    {
        var ex = await StatisticsRefusedAsync("""{"agentStatistics": [{"agentUserId": "a@x"}, null, {"available": true}]}""");

        Assert.Contains("agent 3 of \"agentStatistics\" has no \"agentUserId\"", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"queueStatistics": {"callsAnswered": 1e30}}""")]
    [InlineData("""{"queueStatistics": {"callsAnswered": 99999999999999999999}}""")]
    [InlineData("""{"queueStatistics": {"busyOverflows": "99999999999999999999"}}""")]
    [InlineData("""{"queueStatistics": {"callsAbandoned": 1.5}}""")]
    [InlineData("""{"queueStatistics": {"averageWaitSeconds": 1e15}}""")]
    [InlineData("""{"queueStatistics": {"averageWaitSeconds": 1e400}}""")]
    [InlineData("""{"queueStatistics": {"averageAbandonmentSeconds": "-99999999999999999999"}}""")]
    [InlineData("""{"agentStatistics": [{"agentUserId": "a", "statistics": {"totalTalkSeconds": "9999999999:00:00"}}]}""")]
    [InlineData("""{"agentStatistics": [{"agentUserId": "a", "statistics": {"totalStaffedSeconds": 1449551462400}}]}""")]
    [InlineData("""{"agentStatistics": [{"agentUserId": "a", "statistics": {"callsHandled": {"n": 1}}}]}""")]
    [InlineData("""{"queueStatistics": {"averageAgentsTalking": 1e400}}""")]
    [InlineData("""{"queueStatistics": []}""")]
    [InlineData("""{"agentStatistics": {"agentUserId": "a"}}""")]
    [InlineData("""{"agentStatistics": [7]}""")]
    [InlineData("""{"agentStatistics": [{"agentUserId": {"id": 1}}]}""")]
    [InlineData("""[{"agentUserId": "a"}]""")]
    [InlineData("<html><body>Bad Gateway</body></html>")]
    [InlineData("""{"agentStatistics": [{"agentUserId": "\ud800"}]}""")]
    public async Task A_figure_of_the_wrong_type_or_out_of_range_is_refused_not_overflowed(string body)
    {
        var ex = await StatisticsRefusedAsync(body);

        Assert.True(ex.InnerException is null or System.Text.Json.JsonException, ex.InnerException?.ToString());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"lastModified": "2024-03-11"}""")]
    [InlineData("""{"generateDailyReport": null, "collectionPeriodMinutes": null}""")]
    public async Task A_settings_answer_without_settings_is_refused(string body)
    {
        var ex = await ReportingRefusedAsync(body);

        Assert.Contains("none of the reporting settings", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1000001")]
    [InlineData("9223372036854775807")]
    [InlineData("\"-9223372036854775808\"")]
    public async Task A_collection_period_out_of_range_is_refused(string minutes)
    {
        var ex = await ReportingRefusedAsync($$"""{"generateDailyReport": true, "collectionPeriodMinutes": {{minutes}}}""");

        Assert.Contains("collectionPeriodMinutes is not between 0 and 1000000", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"agentStatistics": [], "error": "bad \udc00 thing"}""")]
    [InlineData("""{"agentStatistics": [], "errors": [{"message": "bad \ud800 thing", "code": "\udc00"}]}""")]
    public async Task An_error_text_holding_a_lone_surrogate_is_kept_as_written_not_lost(string body)
    {
        // An escaped lone surrogate is not text: the vendor's error is still reported, its text as sent.
        await using var host = await StartAsync(200, body);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = Range }, Ct));

        Assert.NotEqual(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("thing\"", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
        Assert.Null(ex.InnerException);
    }

    [Fact]
    public async Task An_error_envelope_whose_names_are_not_text_is_refused()
    {
        var ex = await StatisticsRefusedAsync("""{"agentStatistics": [], "error": {"mess\udc00age": "bad"}}""");

        Assert.Contains("not valid UTF-16", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"2fa_payload": "\udc00"}""", true)]
    [InlineData("""{"2fa_payload": ""}""", false)]
    public async Task A_login_answer_with_a_two_factor_challenge_holding_a_lone_surrogate_is_read(string body, bool challenge)
    {
        await using var host = await StartAsync(
            (request, context) => request.Path == "/api/v01/auth/login"
                ? context.RespondAsync(200, body.Replace("}", ", \"access_token\": \"access-1\"}", StringComparison.Ordinal))
                : context.RespondAsync(200, """{"generateDailyReport": false}"""),
            UseLogin);

        var call = host.Client.GetStatisticsReportingAsync(CallCenter, Ct);

        if (challenge)
        {
            var ex = await Assert.ThrowsAsync<VendorApiException>(() => call);
            Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        }
        else
        {
            await call;
        }
    }

    [Theory]
    [InlineData("acc\\u0000ess")]
    [InlineData("acc\\r\\nX-Injected: 1")]
    [InlineData("acc ess")]
    [InlineData("accèss")]
    public async Task A_login_answer_whose_token_cannot_be_sent_in_a_header_is_refused(string token)
    {
        await using var host = await StartAsync(
            (request, context) => request.Path == "/api/v01/auth/login"
                ? context.RespondAsync(200, $$"""{"access_token": "{{token}}", "refresh_token": "refresh-1"}""")
                : context.RespondAsync(200, """{"generateDailyReport": false}"""),
            UseLogin);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsReportingAsync(CallCenter, Ct));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("no usable access_token or token", ex.Message, StringComparison.Ordinal);
        Assert.Single(host.Server.Requests);
    }

    [Fact]
    public async Task A_refresh_token_that_cannot_be_sent_is_ignored_and_the_client_logs_in_again()
    {
        var logins = 0;
        await using var host = await StartAsync(
            (request, context) => request.Path switch
            {
                "/api/v01/auth/login" => context.RespondAsync(200, $$"""{"access_token": "access-{{Interlocked.Increment(ref logins)}}", "refresh_token": "re\u0000fresh", "expires_in": 600}"""),
                "/api/v01/auth/access_token" => context.RespondAsync(500, "{}"),
                _ => context.RespondAsync(200, """{"generateDailyReport": false}"""),
            },
            UseLogin);

        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);
        host.Clock.Advance(Duration.FromMinutes(10));
        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.Equal(2, logins);
        Assert.DoesNotContain(host.Server.Requests, r => r.Path == "/api/v01/auth/access_token");
    }
}
