using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenterStats.Sdk.Voximplant.Tests;

/// <summary>
/// Tests that read or change the process-wide <c>VOXIMPLANT_CREDENTIALS</c> variable. They are in a collection
/// with parallelization disabled, so xunit runs them on their own, after every parallel collection has finished:
/// no other test (which could otherwise resolve options that fall back to the variable) runs while it is changed.
/// Within the collection the tests run one at a time.
/// </summary>
[Collection(SerialEnvironmentVariables.Name)]
public sealed class CredentialsEnvironmentTests
{
    private static async Task WithEnvironmentAsync(string? value, Func<Task> test)
    {
        var original = Environment.GetEnvironmentVariable(VoximplantOptions.CredentialsEnvironmentVariable);
        Environment.SetEnvironmentVariable(VoximplantOptions.CredentialsEnvironmentVariable, value);
        try
        {
            await test();
        }
        finally
        {
            Environment.SetEnvironmentVariable(VoximplantOptions.CredentialsEnvironmentVariable, original);
        }
    }

    [Fact]
    public async Task Credentials_file_comes_from_the_environment_variable_when_no_option_is_set()
    {
        var path = Path.Combine(Path.GetTempPath(), $"voximplant-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, TestKeys.CredentialsJson(777, "key-env"), TestContext.Current.CancellationToken);
        try
        {
            await WithEnvironmentAsync(path, async () =>
            {
                await using var server = await LoopbackServer.StartAsync(200, """{"result": []}""");
                using var client = VoximplantClient.Create(new VoximplantOptions { Endpoint = server.BaseAddress });

                await client.GetAcdOperatorStatusStatisticsAsync(Harness.Request, TestContext.Current.CancellationToken);

                Assert.Equal("key-env", (string?)Jwt.Header(Harness.BearerToken(Assert.Single(server.Requests)))["kid"]);
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public Task No_credentials_anywhere_fails_at_start_up_naming_the_options_and_the_variable() =>
        WithEnvironmentAsync(null, () =>
        {
            var services = new ServiceCollection();
            services.AddVoximplantClient(_ => { });
            using var provider = services.BuildServiceProvider(Harness.Strict);

            var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

            Assert.Contains("CredentialsPath or CredentialsJson is required", ex.Message, StringComparison.Ordinal);
            Assert.Contains("VOXIMPLANT_CREDENTIALS", ex.Message, StringComparison.Ordinal);
            return Task.CompletedTask;
        });

    [Fact]
    public Task An_explicit_option_wins_over_the_environment_variable() =>
        WithEnvironmentAsync("/nonexistent/credentials.json", () =>
        {
            var options = new VoximplantOptions { CredentialsJson = TestKeys.CredentialsJson(888, "key-option") };

            Assert.Empty(options.Validate());
            Assert.Equal("key-option", options.LoadCredentials().KeyId);
            return Task.CompletedTask;
        });
}

/// <summary>Test classes that change process-wide environment variables; never run in parallel with any other test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialEnvironmentVariables
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Process environment variables";
}
