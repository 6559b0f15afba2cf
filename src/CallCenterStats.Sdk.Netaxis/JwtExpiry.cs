// CORE-CANDIDATE: reading a JWT's exp claim (without validating it) to schedule a refresh is useful to any bearer-token vendor.
using System.Buffers.Text;
using System.Text.Json;
using NodaTime;

namespace CallCenterStats.Sdk.Netaxis;

/// <summary>
/// Reads the <c>exp</c> claim of a JSON Web Token. The signature is not checked: the client only uses the
/// claim to decide when to renew a token it was given, and the server stays the judge of its validity.
/// </summary>
internal static class JwtExpiry
{
    /// <summary>Returns the token's expiry, or null when it is not a JWT or has no numeric <c>exp</c>.</summary>
    public static Instant? TryRead(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || parts[1].Length == 0)
        {
            return null;
        }

        try
        {
            var payload = Base64Url.DecodeFromChars(parts[1]);
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isExp = reader.ValueTextEquals("exp"u8);
                reader.Read();
                if (isExp && reader.TokenType == JsonTokenType.Number)
                {
                    return reader.TryGetInt64(out var seconds)
                        ? Instant.FromUnixTimeSeconds(seconds)
                        : Instant.FromUnixTimeSeconds((long)reader.GetDouble());
                }

                reader.Skip();
            }

            return null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
