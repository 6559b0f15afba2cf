using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CallCenterStats.Sdk.VccLive.Tests.VccLiveTestKit;

namespace CallCenterStats.Sdk.VccLive.Tests;

public sealed class OptionsAndDependencyInjectionTests
{
    private const string EmptyEnvelope = """{"response":[],"errors":[]}""";

    private static readonly ServiceProviderOptions Strict = new() { ValidateOnBuild = true, ValidateScopes = true };

    [Fact]
    public void Endpoint_defaults_to_the_customer_host()
    {
        var services = new ServiceCollection();
        services.AddVccLiveClient(o =>
        {
            o.Customer = "MyCC";
            o.ApiToken = ApiToken;
        });
        using var provider = services.BuildServiceProvider(Strict);

        provider.GetRequiredService<VccLiveClient>();
        var options = provider.GetRequiredService<IOptionsMonitor<VccLiveOptions>>().Get(Options.DefaultName);

        Assert.Equal(new Uri("https://mycc.asp.virtual-call-center.eu/"), options.ResolveEndpoint());
    }

    [Fact]
    public void Explicit_endpoint_overrides_the_customer_host()
    {
        var services = new ServiceCollection();
        services.AddVccLiveClient(o =>
        {
            o.Customer = Customer;
            o.ApiToken = ApiToken;
            o.Endpoint = new Uri("https://vcc.example.test/");
        });
        using var provider = services.BuildServiceProvider(Strict);

        var options = provider.GetRequiredService<IOptionsMonitor<VccLiveOptions>>().Get(Options.DefaultName);

        Assert.Equal(new Uri("https://vcc.example.test/"), options.ResolveEndpoint());
    }

    [Fact]
    public async Task Named_accounts_send_their_own_basic_credentials()
    {
        await using var serverA = await ServeAsync(EmptyEnvelope);
        await using var serverB = await ServeAsync(EmptyEnvelope);
        var services = new ServiceCollection();
        services.AddVccLiveClient("a", o =>
        {
            o.Customer = "alpha";
            o.ApiToken = "token-a";
            o.Endpoint = serverA.BaseAddress;
        });
        services.AddVccLiveClient("b", o =>
        {
            o.Customer = "beta";
            o.ApiToken = "token-b";
            o.Endpoint = serverB.BaseAddress;
        });
        await using var provider = services.BuildServiceProvider(Strict);

        await provider.GetRequiredKeyedService<VccLiveClient>("a").GetUserBasedStatisticsAsync(Request(), Ct).ToListAsync(Ct);
        await provider.GetRequiredKeyedService<VccLiveClient>("b").GetUserBasedStatisticsAsync(Request(), Ct).ToListAsync(Ct);

        Assert.Equal(Basic("alpha", "token-a"), Assert.Single(serverA.Requests).Authorization);
        Assert.Equal(Basic("beta", "token-b"), Assert.Single(serverB.Requests).Authorization);
    }

    [Fact]
    public async Task Vendor_options_bind_from_a_configuration_section()
    {
        await using var server = await ServeAsync("date,time,projectId,userId\r\n", "text/csv");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["VccLive:Customer"] = "boundcc",
                ["VccLive:ApiToken"] = "bound-token",
                ["VccLive:Endpoint"] = server.BaseAddress.AbsoluteUri,
                ["VccLive:TimeZone"] = "Europe/Budapest",
                ["VccLive:CsvSpelling"] = "Csv",
                ["VccLive:TimeSlot"] = "Hour",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddVccLiveClient(configuration.GetSection("VccLive"));
        await using var provider = services.BuildServiceProvider(Strict);

        var options = provider.GetRequiredService<IOptionsMonitor<VccLiveOptions>>().Get(Options.DefaultName);
        await provider.GetRequiredService<VccLiveClient>().GetUserBasedStatisticsAsync(Request(UserBasedStatisticsFormat.Csv), Ct).ToListAsync(Ct);

        Assert.Equal("boundcc", options.Customer);
        Assert.Equal("Europe/Budapest", options.TimeZone);
        Assert.Equal(TimeBucket.Hour, options.TimeSlot);
        var recorded = Assert.Single(server.Requests);
        Assert.Equal(Basic("boundcc", "bound-token"), recorded.Authorization);
        Assert.Contains(new KeyValuePair<string, string>("of", "csv"), recorded.Query);
    }

    [Fact]
    public void Named_registration_binds_from_a_configuration_section()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Customer"] = "sectioncc", ["ApiToken"] = "t" })
            .Build();
        var services = new ServiceCollection();
        services.AddVccLiveClient("eu", configuration);
        using var provider = services.BuildServiceProvider(Strict);

        provider.GetRequiredKeyedService<VccLiveClient>("eu");
        var options = provider.GetRequiredService<IOptionsMonitor<VccLiveOptions>>().Get("eu");

        Assert.Equal(new Uri("https://sectioncc.asp.virtual-call-center.eu/"), options.ResolveEndpoint());
    }

    [Fact]
    public void Bad_options_fail_at_start_up_naming_the_option()
    {
        var services = new ServiceCollection();
        services.AddVccLiveClient(o =>
        {
            o.Customer = "my.cc";
            o.ApiToken = ApiToken;
        });
        using var provider = services.BuildServiceProvider(Strict);

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("VccLiveOptions.Customer must be a DNS label", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Endpoint", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_token_fails_at_start_up_naming_the_option()
    {
        var services = new ServiceCollection();
        services.AddVccLiveClient("named", o => o.Customer = Customer);
        using var provider = services.BuildServiceProvider(Strict);

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("VccLiveOptions 'named': ApiToken is required.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_rejects_bad_options_naming_the_option()
    {
        var ex = Assert.Throws<OptionsValidationException>(() =>
            VccLiveClient.Create(new VccLiveOptions { Customer = Customer, ApiToken = ApiToken, TimeZone = "Mars/Olympus" }));

        Assert.Contains("TimeZone", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_from_a_customer_alone_leaves_the_callers_endpoint_unset()
    {
        var options = new VccLiveOptions { Customer = Customer, ApiToken = ApiToken };

        using var client = VccLiveClient.Create(options);

        Assert.Null(options.Endpoint);
        Assert.Equal(new Uri("https://mycc.asp.virtual-call-center.eu/"), options.ResolveEndpoint());
    }

    [Theory]
    [InlineData("mycc")]
    [InlineData("MyCC-2")]
    [InlineData("a")]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f123456789abc")]
    public void Valid_customer_names_pass(string customer)
    {
        Assert.Empty(new VccLiveOptions { Customer = customer, ApiToken = ApiToken }.Validate());
    }

    [Theory]
    [InlineData(null, "Customer is required")]
    [InlineData("", "Customer is required")]
    [InlineData("my cc", "Customer must be a DNS label")]
    [InlineData("-mycc", "Customer must be a DNS label")]
    [InlineData("mycc-", "Customer must be a DNS label")]
    [InlineData("mycc.evil.test", "Customer must be a DNS label")]
    [InlineData("mycc/../x", "Customer must be a DNS label")]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f123456789abcd", "Customer must be a DNS label")]
    [InlineData("k\u00e1v\u00e9", "Customer must be a DNS label")]
    public void Invalid_customer_names_are_rejected(string? customer, string message)
    {
        var problem = Assert.Single(new VccLiveOptions { Customer = customer, ApiToken = ApiToken }.Validate());

        Assert.StartsWith(message, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_api_token_is_rejected()
    {
        Assert.Equal(["ApiToken is required."], new VccLiveOptions { Customer = Customer }.Validate());
    }

    [Fact]
    public void Unknown_time_zone_is_rejected()
    {
        var problem = Assert.Single(new VccLiveOptions { Customer = Customer, ApiToken = ApiToken, TimeZone = "CEST" }.Validate());

        Assert.StartsWith("TimeZone", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_csv_spelling_is_rejected()
    {
        var problem = Assert.Single(new VccLiveOptions { Customer = Customer, ApiToken = ApiToken, CsvSpelling = (CsvFormatSpelling)5 }.Validate());

        Assert.StartsWith("CsvSpelling", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TimeBucket.Day)]
    [InlineData(TimeBucket.HourOfDay)]
    [InlineData((TimeBucket)99)]
    public void Time_slot_other_than_minute_quarter_hour_or_hour_is_rejected(TimeBucket slot)
    {
        var problem = Assert.Single(new VccLiveOptions { Customer = Customer, ApiToken = ApiToken, TimeSlot = slot }.Validate());

        Assert.Equal("TimeSlot must be Minute, QuarterHour or Hour.", problem);
    }

    [Fact]
    public void Time_slot_is_a_quarter_hour_by_default()
    {
        Assert.Equal(TimeBucket.QuarterHour, new VccLiveOptions().TimeSlot);
    }

    [Fact]
    public void Explicit_endpoint_is_still_validated()
    {
        var problem = Assert.Single(new VccLiveOptions { Customer = Customer, ApiToken = ApiToken, Endpoint = new Uri("ftp://vcc.example.test/") }.Validate());

        Assert.StartsWith("Endpoint", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Api_token_never_appears_in_the_options_text()
    {
        var options = new VccLiveOptions { Customer = Customer, ApiToken = ApiToken };

        Assert.DoesNotContain(ApiToken, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("ApiToken = ***", options.ToString(), StringComparison.Ordinal);
        Assert.Equal([ApiToken, ExpectedAuthorization["Basic ".Length..]], options.GetSecrets());
    }

    [Fact]
    public void Endpoint_for_a_customer_rejects_anything_but_a_dns_label()
    {
        var ex = Assert.Throws<ArgumentException>(() => VccLiveOptions.EndpointForCustomer("evil.test/x"));

        Assert.Equal("customer", ex.ParamName);
    }

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(user + ":" + password));
}
