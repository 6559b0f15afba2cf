namespace CallCenterStats.Sdk.Emulator.Tests;

public sealed class EmulatorHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Listens_on_loopback_with_a_free_port_by_default()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(cancellationToken: Ct);

        Assert.Equal("127.0.0.1", emulator.BaseAddress.Host);
        Assert.NotEqual(0, emulator.BaseAddress.Port);
        Assert.Equal(new Uri(emulator.BaseAddress, "enswitch/"), emulator.EnswitchEndpoint);
    }

    [Fact]
    public async Task Two_emulators_run_side_by_side()
    {
        await using var a = await ContactCenterEmulator.StartAsync(cancellationToken: Ct);
        await using var b = await ContactCenterEmulator.StartAsync(cancellationToken: Ct);

        Assert.NotEqual(a.BaseAddress, b.BaseAddress);
    }

    [Theory]
    [InlineData(0, 7, "UTC", "Agents")]
    [InlineData(5, 0, "UTC", "Days")]
    [InlineData(5, 7, "Mars/Olympus", "TimeZone")]
    public async Task Invalid_options_are_rejected_naming_the_option(int agents, int days, string zone, string option)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = agents, Days = days, TimeZone = zone }, Ct));

        Assert.Contains(option, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_options_are_rejected_naming_each_one()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            ContactCenterEmulator.StartAsync(new EmulatorOptions { Clock = null!, Faults = null!, TimeZone = null! }, Ct));

        Assert.Contains("Clock", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Faults", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TimeZone", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_fails_the_start_and_leaves_the_other_emulator_serving()
    {
        await using var first = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 1, Days = 1 }, Ct);

        await Assert.ThrowsAnyAsync<IOException>(() =>
            ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 1, Days = 1, Port = first.BaseAddress.Port }, Ct));

        using var client = Enswitch.EnswitchClient.Create(first.CreateEnswitchOptions());
        Assert.NotEmpty(await client.GetQueueStatisticsAsync(new() { Queue = 100, Range = first.Center.Range }, Ct));
    }

    [Fact]
    public async Task Ready_made_options_are_valid_for_every_vendor()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(cancellationToken: Ct);

        Assert.Empty(emulator.CreateVoximplantOptions().Validate());
        Assert.Empty(emulator.CreateVccLiveOptions().Validate());
        Assert.Empty(emulator.CreateNetaxisOptions().Validate());
        Assert.Empty(emulator.CreateEnswitchOptions().Validate());
        Assert.Empty(emulator.CreateThuliumOptions().Validate());
    }

    [Fact]
    public async Task Credentials_never_show_secrets()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(cancellationToken: Ct);

        var text = emulator.Credentials.ToString();

        Assert.DoesNotContain(emulator.Credentials.EnswitchPassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain(emulator.Credentials.NetaxisPassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
    }
}
