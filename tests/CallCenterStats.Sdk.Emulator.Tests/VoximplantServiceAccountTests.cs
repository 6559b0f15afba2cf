using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Voximplant;

namespace CallCenterStats.Sdk.Emulator.Tests;

/// <summary>A test's own Voximplant service account: the emulator verifies JWTs with the public key it is given.</summary>
public sealed class VoximplantServiceAccountTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string CredentialsJson(RSA key, long accountId, string keyId)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("account_email", "tests@example.test");
            writer.WriteNumber("account_id", accountId);
            writer.WriteString("key_id", keyId);
            writer.WriteString("private_key", key.ExportPkcs8PrivateKeyPem());
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static Task<ContactCenterEmulator> StartAsync(RSA key) =>
        ContactCenterEmulator.StartAsync(
            new EmulatorOptions { Agents = 2, Days = 1, VoximplantPublicKeyPem = key.ExportSubjectPublicKeyInfoPem(), VoximplantAccountId = 42, VoximplantKeyId = "test-key" },
            Ct);

    private static async Task<AcdOperatorStatusStatistics> AskAsync(ContactCenterEmulator emulator, string credentialsJson)
    {
        var options = emulator.CreateVoximplantOptions();
        options.CredentialsJson = credentialsJson;
        using var client = VoximplantClient.Create(options);
        return await client.GetAcdOperatorStatusStatisticsAsync(
            new() { Range = emulator.Center.Range, UserIds = [emulator.Center.Agents[0].Id] },
            Ct);
    }

    [Fact]
    public async Task A_configured_public_key_accepts_tokens_signed_by_its_private_half()
    {
        using var key = RSA.Create(2048);
        await using var emulator = await StartAsync(key);

        var statistics = await AskAsync(emulator, CredentialsJson(key, 42, "test-key"));

        Assert.Equal(emulator.Center.Agents[0].Id, Assert.Single(statistics.Groups).UserId);
    }

    [Theory]
    [InlineData(false, 42, "test-key")]
    [InlineData(true, 43, "test-key")]
    [InlineData(true, 42, "other-key")]
    public async Task Tokens_from_another_key_account_or_key_id_are_rejected_with_code_100(bool sameKey, long accountId, string keyId)
    {
        using var key = RSA.Create(2048);
        using var other = RSA.Create(2048);
        await using var emulator = await StartAsync(key);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => AskAsync(emulator, CredentialsJson(sameKey ? key : other, accountId, keyId)));

        Assert.Equal("100", ex.VendorCode);
        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
    }

    [Fact]
    public async Task With_a_configured_key_the_emulator_has_no_credentials_json_to_hand_out()
    {
        using var key = RSA.Create(2048);
        await using var emulator = await StartAsync(key);

        Assert.False(emulator.Credentials.HasVoximplantCredentialsJson);
        Assert.Throws<InvalidOperationException>(emulator.Credentials.VoximplantCredentialsJson);
        Assert.Null(emulator.CreateVoximplantOptions().CredentialsJson);
        Assert.Equal(42, emulator.Credentials.VoximplantAccountId);
    }

    [Theory]
    [InlineData("not a key", "VoximplantPublicKeyPem")]
    [InlineData(null, "VoximplantAccountId")]
    public async Task Bad_service_account_options_are_rejected_naming_the_option(string? pem, string option)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => ContactCenterEmulator.StartAsync(
            new EmulatorOptions { VoximplantPublicKeyPem = pem, VoximplantAccountId = pem is null ? 0 : 1 },
            Ct));

        Assert.Contains(option, ex.Message, StringComparison.Ordinal);
    }
}
