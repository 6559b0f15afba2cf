using CallCenterStats.Sdk.TestSupport;
using Microsoft.AspNetCore.Http;
using static CallCenterStats.Sdk.VccLive.Tests.VccLiveTestKit;

namespace CallCenterStats.Sdk.VccLive.Tests;

public sealed class StreamingTests
{
    private const string JsonRow = """{"date":"2020-06-15","time":1500,"projectId":2,"userId":17,"data":[{"field":"callOut","count":1,"sum":7}],"level":3}""";

    public static TheoryData<UserBasedStatisticsFormat, string, string> Bodies => new()
    {
        { UserBasedStatisticsFormat.Json, """{"response":[""" + JsonRow + ",", JsonRow + """],"errors":[]}""" },
        { UserBasedStatisticsFormat.Tab, "date\ttime\tuserId\tcallOut\n2020-06-15\t1500\t17\t7\n", "2020-06-15\t1515\t17\t8\n" },
        { UserBasedStatisticsFormat.Csv, "date,time,userId,callOut\r\n2020-06-15,1500,17,7\r\n", "2020-06-15,1515,17,8\r\n" },
    };

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Bodies))]
    public async Task First_row_arrives_before_the_body_ends(UserBasedStatisticsFormat format, string head, string tail)
    {
        var firstRowReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bodyEnded = false;
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(head);
            await context.Response.Body.FlushAsync();
            await firstRowReceived.Task;
            await context.Response.WriteAsync(tail);
            Volatile.Write(ref bodyEnded, true);
        });

        var rows = new List<UserBasedStatisticsRow>();
        using var client = Client(server);
        await foreach (var row in client.GetUserBasedStatisticsAsync(DateTimeUserRequest(format), TestContext.Current.CancellationToken))
        {
            if (rows.Count == 0)
            {
                Assert.False(Volatile.Read(ref bodyEnded));
                firstRowReceived.SetResult();
            }

            rows.Add(row);
        }

        Assert.Equal(2, rows.Count);
        Assert.True(Volatile.Read(ref bodyEnded));
        Assert.Equal(17, rows[0].UserId);
    }

    [Fact]
    public async Task Nothing_is_sent_until_enumeration_starts()
    {
        await using var server = await ServeAsync("""{"response":[],"errors":[]}""");
        using var client = Client(server);

        var rows = client.GetUserBasedStatisticsAsync(Request(), Ct);
        Assert.Empty(server.Requests);
        await rows.ToListAsync(Ct);

        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(UserBasedStatisticsFormat.Json, "vcc_userbased_spec_example.json")]
    [InlineData(UserBasedStatisticsFormat.Tab, "vcc_userbased.tab")]
    [InlineData(UserBasedStatisticsFormat.Csv, "vcc_userbased.csv")]
    public async Task An_answer_arriving_one_byte_at_a_time_gives_the_same_rows(UserBasedStatisticsFormat format, string fixture)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(TestFiles.Fixture(fixture));
        var whole = await ReadAsync(new MemoryStream(body));

        var trickled = await ReadAsync(new OneByteAtATimeStream(body));

        Assert.NotEmpty(whole);
        Assert.Equal(Describe(whole), Describe(trickled));

        async Task<List<UserBasedStatisticsRow>> ReadAsync(Stream stream)
        {
            var options = FastRetries(new VccLiveOptions { Customer = Customer, ApiToken = ApiToken });
            using var client = VccLiveClient.Create(options, new VendorClientServices { PrimaryHandler = new StreamHandler(stream) });
            return await client.GetUserBasedStatisticsAsync(Request(format), Ct).ToListAsync(Ct);
        }

        static List<string> Describe(List<UserBasedStatisticsRow> rows) =>
            [.. rows.Select(r => $"{r.Period} {r.ProjectId} {r.UserId} {r.Level} " + string.Join(' ', r.Values.Select(v => $"{v.Key}={v.Value.Count}/{v.Value.Sum}")))];
    }

    private sealed class StreamHandler(Stream body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StreamContent(body, 1), RequestMessage = request });
    }

    private sealed class OneByteAtATimeStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(1, count), cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(1, count));
    }
}
