using System.Diagnostics;
using System.Reflection;

namespace CallCenterStats.Sdk.Emulator.Tests;

/// <summary>Every vendor's options keep their secrets out of <c>ToString()</c> and out of the debugger's views.</summary>
public sealed class AllVendorsOptionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Secrets_are_neither_printed_nor_browsable_in_the_debugger()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 1, Days = 1 }, Ct);
        var netaxisWithToken = emulator.CreateNetaxisOptions();
        netaxisWithToken.Username = null;
        netaxisWithToken.Password = null;
        netaxisWithToken.Token = emulator.Credentials.NetaxisToken;
        VendorClientOptions[] all =
        [
            emulator.CreateVoximplantOptions(),
            emulator.CreateVccLiveOptions(),
            emulator.CreateNetaxisOptions(),
            netaxisWithToken,
            emulator.CreateEnswitchOptions(),
            emulator.CreateThuliumOptions(),
        ];

        foreach (var options in all)
        {
            var type = options.GetType();
            var secrets = options.GetSecrets().OfType<string>().Where(s => s.Length > 0).ToList();
            Assert.NotEmpty(secrets);
            Assert.Equal("{ToString(),nq}", type.GetCustomAttribute<DebuggerDisplayAttribute>()?.Value);

            var text = options.ToString();
            var secretProperties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.PropertyType == typeof(string) && p.GetValue(options) is string value && secrets.Contains(value))
                .ToList();
            Assert.NotEmpty(secretProperties);
            foreach (var property in secretProperties)
            {
                Assert.DoesNotContain((string)property.GetValue(options)!, text, StringComparison.Ordinal);
                Assert.True(
                    property.GetCustomAttribute<DebuggerBrowsableAttribute>()?.State == DebuggerBrowsableState.Never,
                    $"{type.Name}.{property.Name} holds a secret but shows in the debugger");
            }
        }
    }
}
