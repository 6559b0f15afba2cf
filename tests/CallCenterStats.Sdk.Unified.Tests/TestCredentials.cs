using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace CallCenterStats.Sdk.Unified.Tests;

/// <summary>A Voximplant service account of the tests' own (its key is generated once per run).</summary>
internal static class TestCredentials
{
    private static readonly RSA Key = RSA.Create(2048);

    public static string VoximplantJson { get; } = new JsonObject
    {
        ["account_email"] = "robot@example.voximplant.com",
        ["account_id"] = 1234,
        ["key_id"] = "0f6c2e1a-0000-4000-8000-000000000001",
        ["private_key"] = Key.ExportPkcs8PrivateKeyPem(),
    }.ToJsonString();
}
