using System.Text;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CallCenterStats.Sdk.Thulium.Tests.ThuliumTestKit;

namespace CallCenterStats.Sdk.Thulium.Tests;

public sealed class DependencyInjectionTests
{
    private static ServiceProvider Build(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static string BasicHeader(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [Fact]
    public async Task Requests_carry_http_basic_credentials_through_di_and_without_di()
    {
        await using var server = await LoopbackServer.StartAsync(200, "[]");
        await using var provider = Build(s => s.AddThuliumClient(o =>
        {
            o.Endpoint = server.BaseAddress;
            o.Username = Username;
            o.Password = Password;
        }));
        using var created = Client(server);

        await provider.GetRequiredService<ThuliumClient>().GetAgentsWorkReportPageAsync(Request(), 0, 100, TestContext.Current.CancellationToken);
        await created.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, request =>
        {
            Assert.Equal("GET", request.Method);
            Assert.Equal(BasicHeader(Username, Password), request.Authorization);
        });
    }

    [Fact]
    public async Task Named_clients_live_side_by_side_with_their_own_credentials()
    {
        await using var first = await LoopbackServer.StartAsync(200, "[]");
        await using var second = await LoopbackServer.StartAsync(200, "[]");
        await using var provider = Build(s =>
        {
            s.AddThuliumClient("north", o => { o.Endpoint = first.BaseAddress; o.Username = "north_api"; o.Password = "pw-north"; });
            s.AddThuliumClient("south", o => { o.Endpoint = second.BaseAddress; o.Username = "south_api"; o.Password = "pw-south"; });
        });

        var north = provider.GetRequiredKeyedService<ThuliumClient>("north");
        var south = provider.GetRequiredKeyedService<ThuliumClient>("south");
        Assert.NotSame(north, south);
        await north.GetAgentsWorkReportPageAsync(Request(), 0, 100, TestContext.Current.CancellationToken);
        await south.GetAgentsWorkReportPageAsync(Request(), 0, 100, TestContext.Current.CancellationToken);

        Assert.Equal(BasicHeader("north_api", "pw-north"), Assert.Single(first.Requests).Authorization);
        Assert.Equal(BasicHeader("south_api", "pw-south"), Assert.Single(second.Requests).Authorization);
    }

    [Fact]
    public async Task Options_bind_from_a_configuration_section()
    {
        await using var server = await LoopbackServer.StartAsync(200, """[{"agent":{"login":"x"},"login_date":"2019-12-02 08:00:00"}]""");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Thulium:Endpoint"] = server.BaseAddress.ToString(),
            ["Thulium:Username"] = "cfg_user",
            ["Thulium:Password"] = "cfg-pass",
            ["Thulium:TimeZone"] = "Europe/Warsaw",
            ["Thulium:MaxConcurrentPageRequests"] = "4",
        }).Build();
        await using var provider = Build(s => s.AddThuliumClient(configuration.GetSection("Thulium")));

        var options = provider.GetRequiredService<IOptionsMonitor<ThuliumOptions>>().Get(Microsoft.Extensions.Options.Options.DefaultName);
        Assert.Equal("Europe/Warsaw", options.TimeZone);
        Assert.Equal(4, options.MaxConcurrentPageRequests);

        var page = await provider.GetRequiredService<ThuliumClient>().GetAgentsWorkReportPageAsync(Request(), 0, 100, TestContext.Current.CancellationToken);
        Assert.Equal(BasicHeader("cfg_user", "cfg-pass"), Assert.Single(server.Requests).Authorization);
        Assert.Equal(NodaTime.Instant.FromUtc(2019, 12, 2, 7, 0), page.Rows[0].LoginDate);
    }

    [Fact]
    public void A_system_name_bound_from_configuration_gives_the_thulium_host()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SystemName"] = "acme",
            ["Username"] = "u",
            ["Password"] = "p",
        }).Build();
        using var provider = Build(s => s.AddThuliumClient("acme", configuration));

        var options = provider.GetRequiredService<IOptionsMonitor<ThuliumOptions>>().Get("acme");
        Assert.Equal(new Uri("https://acme.thulium.com/"), options.ResolveEndpoint());
    }

    [Fact]
    public void System_name_sets_the_endpoint_and_an_explicit_endpoint_wins()
    {
        using var provider = Build(s =>
        {
            s.AddThuliumClient("byName", o => { o.SystemName = "acme"; o.Username = "u"; o.Password = "p"; });
            s.AddThuliumClient("explicit", o => { o.SystemName = "acme"; o.Endpoint = new Uri("https://proxy.example.com/thulium/"); o.Username = "u"; o.Password = "p"; });
        });
        var monitor = provider.GetRequiredService<IOptionsMonitor<ThuliumOptions>>();

        Assert.Equal(new Uri("https://acme.thulium.com/"), monitor.Get("byName").ResolveEndpoint());
        Assert.Equal(new Uri("https://proxy.example.com/thulium/"), monitor.Get("explicit").ResolveEndpoint());
    }

    [Theory]
    [InlineData(null, null, "u", "p", "UTC", "ThuliumOptions.SystemName or Endpoint is required.")]
    [InlineData("acme.evil.com", null, "u", "p", "UTC", "ThuliumOptions.SystemName must be a host label")]
    [InlineData("acme", null, null, "p", "UTC", "ThuliumOptions.Username is required.")]
    [InlineData("acme", null, "a:b", "p", "UTC", "ThuliumOptions.Username cannot contain ':'")]
    [InlineData("acme", null, "u", null, "UTC", "ThuliumOptions.Password is required.")]
    [InlineData("acme", null, "u", "p", "Mars/Olympus", "ThuliumOptions.TimeZone 'Mars/Olympus' is not a known time zone id")]
    public void Bad_options_fail_at_start_up_naming_the_option(string? systemName, string? endpoint, string? user, string? password, string zone, string expected)
    {
        using var provider = Build(s => s.AddThuliumClient(o =>
        {
            o.SystemName = systemName;
            o.Endpoint = endpoint is null ? null : new Uri(endpoint);
            o.Username = user;
            o.Password = password;
            o.TimeZone = zone;
        }));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(ex.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Create_leaves_the_endpoint_of_the_callers_options_unset_when_it_comes_from_the_system_name()
    {
        var options = new ThuliumOptions { SystemName = "acme", Username = "u", Password = "p" };

        using var client = ThuliumClient.Create(options);

        Assert.Null(options.Endpoint);
    }

    [Fact]
    public void Options_never_show_the_password()
    {
        var options = new ThuliumOptions { SystemName = "acme", Username = "u", Password = Password };

        Assert.DoesNotContain(Password, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("Password = ***", options.ToString(), StringComparison.Ordinal);
        Assert.Equal([Password, Convert.ToBase64String(Encoding.UTF8.GetBytes($"u:{Password}"))], options.GetSecrets());
    }

    [Fact]
    public void Secrets_are_the_password_alone_while_the_user_name_cannot_make_a_header()
    {
        Assert.Equal([Password], new ThuliumOptions { Username = "a:b", Password = Password }.GetSecrets());
        Assert.Equal([Password], new ThuliumOptions { Password = Password }.GetSecrets());
        Assert.Empty(new ThuliumOptions { Username = "u" }.GetSecrets());
    }

    [Fact]
    public void A_mock_still_validates_requests_before_its_guard()
    {
        var mock = new BareClient();

        var ex = Assert.ThrowsAny<ArgumentException>(() => { _ = mock.GetAgentsWorkReportPageAsync(Request() with { QueueIds = [0] }, 0, 100, TestContext.Current.CancellationToken); });

        Assert.Equal("request.QueueIds", ex.ParamName);
    }

    private sealed class BareClient : ThuliumClient;
}
