using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Voximplant.Tests;

public sealed class DependencyInjectionTests
{
    private static string StartupFailure(Action<VoximplantOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddVoximplantClient(configure);
        using var provider = services.BuildServiceProvider(Harness.Strict);
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        return ex.Message;
    }

    [Fact]
    public async Task Named_clients_side_by_side_use_their_own_accounts_and_token_sources()
    {
        await using var server = await LoopbackServer.StartAsync(200, """{"result": []}""");
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(Harness.Now));
        services.AddVoximplantClient("eu", o => { o.Endpoint = server.BaseAddress; o.CredentialsJson = TestKeys.CredentialsJson(111, "key-eu"); });
        services.AddVoximplantClient("us", o => { o.Endpoint = server.BaseAddress; o.CredentialsJson = TestKeys.CredentialsJson(222, "key-us"); });
        await using var provider = services.BuildServiceProvider(Harness.Strict);
        var ct = TestContext.Current.CancellationToken;

        await provider.GetRequiredKeyedService<VoximplantClient>("eu").GetAcdOperatorStatusStatisticsAsync(Harness.Request, ct);
        await provider.GetRequiredKeyedService<VoximplantClient>("us").GetAcdOperatorStatusStatisticsAsync(Harness.Request, ct);

        var tokens = server.Requests.Select(Harness.BearerToken).ToList();
        Assert.Equal(["key-eu", "key-us"], tokens.Select(t => (string?)Jwt.Header(t)["kid"]));
        Assert.Equal([111L, 222L], tokens.Select(t => (long)Jwt.Claims(t)["iss"]!));
        Assert.Same(provider.GetRequiredKeyedService<VoximplantTokenSource>("eu"), provider.GetRequiredKeyedService<VoximplantTokenSource>("eu"));
        Assert.NotSame(provider.GetRequiredKeyedService<VoximplantTokenSource>("eu"), provider.GetRequiredKeyedService<VoximplantTokenSource>("us"));
    }

    [Fact]
    public async Task Options_bind_from_a_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Voximplant:Endpoint"] = "https://voximplant.example.test/",
            ["Voximplant:CredentialsJson"] = TestKeys.CredentialsJson(),
            ["Voximplant:HourNumbering"] = "OneBased",
            ["Voximplant:TokenLifetime"] = "00:45:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddVoximplantClient(configuration.GetSection("Voximplant"));
        await using var provider = services.BuildServiceProvider(Harness.Strict);

        var options = provider.GetRequiredService<IOptionsMonitor<VoximplantOptions>>().Get(Options.DefaultName);

        Assert.Equal(new Uri("https://voximplant.example.test/"), options.Endpoint);
        Assert.Equal(HourNumbering.OneBased, options.HourNumbering);
        Assert.Equal(TimeSpan.FromMinutes(45), options.TokenLifetime);
        Assert.Equal(Duration.FromMinutes(45), provider.GetRequiredKeyedService<VoximplantTokenSource>(Options.DefaultName).Lifetime);
    }

    [Fact]
    public void Endpoint_defaults_to_the_public_host()
    {
        Assert.Equal(new Uri("https://api.voximplant.com"), new VoximplantOptions().ResolveEndpoint());
    }

    [Fact]
    public void Both_credential_sources_at_once_fail_at_start_up()
    {
        var message = StartupFailure(o => { o.CredentialsJson = TestKeys.CredentialsJson(); o.CredentialsPath = "credentials.json"; });

        Assert.Contains("CredentialsPath", message, StringComparison.Ordinal);
        Assert.Contains("CredentialsJson", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_credentials_json_fails_at_start_up_naming_the_option_without_the_key()
    {
        var broken = TestKeys.CredentialsJson(keyId: "");

        var message = StartupFailure(o => o.CredentialsJson = broken);

        Assert.Contains("VoximplantOptions.CredentialsJson", message, StringComparison.Ordinal);
        Assert.Contains("'key_id'", message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestKeys.KeyFragment(TestKeys.PrivateKeyPem), message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_credentials_file_fails_at_start_up_naming_the_option()
    {
        var message = StartupFailure(o => o.CredentialsPath = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "credentials.json"));

        Assert.Contains("VoximplantOptions.CredentialsPath", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_lifetime_over_an_hour_fails_at_start_up()
    {
        var message = StartupFailure(o => { o.CredentialsJson = TestKeys.CredentialsJson(); o.TokenLifetime = TimeSpan.FromMinutes(61); });

        Assert.Contains("VoximplantOptions.TokenLifetime", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ToString_hides_the_credentials()
    {
        var options = new VoximplantOptions { CredentialsJson = TestKeys.CredentialsJson() };

        var text = options.ToString();

        Assert.Contains("CredentialsJson = ***", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestKeys.KeyFragment(TestKeys.PrivateKeyPem), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_with_invalid_options_names_the_option()
    {
        var ex = Assert.Throws<OptionsValidationException>(() =>
            VoximplantClient.Create(new VoximplantOptions { CredentialsJson = TestKeys.CredentialsJson(), TokenLifetime = TimeSpan.Zero }));

        Assert.Contains("TokenLifetime", ex.Message, StringComparison.Ordinal);
    }
}
