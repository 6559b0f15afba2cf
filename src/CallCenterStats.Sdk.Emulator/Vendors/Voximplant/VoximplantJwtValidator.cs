using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallCenterStats.Sdk.Emulator.Hosting;
using NodaTime;

namespace CallCenterStats.Sdk.Emulator.Vendors.Voximplant;

/// <summary>
/// Checks the service-account JWTs the Voximplant Management API takes as bearer tokens: compact JWS, RS256 signed
/// with the emulated account's key (verified with its public half), header <c>kid</c> = the key id, claims <c>iss</c>
/// = the account id (number or digits), <c>iat</c> and <c>exp</c> (Unix seconds; at most one hour apart, <c>exp</c>
/// in the future and <c>iat</c> not after now + <see cref="ClockSkew"/>, both by the emulator's clock).
/// </summary>
/// <remarks>
/// <para><see cref="EmulatorState.ExpireTokens"/> (and the token-expiry fault, <see cref="EmulatorState.ExpireTokensInUse"/>) revokes every token presented so far, and any token dated
/// (<c>iat</c>) more than <see cref="ClockSkew"/> before that moment. Comparing <c>iat</c> alone with the expiry
/// instant cannot work: clients backdate <c>iat</c> (ours by 5 s, and one more second per token minted within the
/// same second), so the replacement minted right after a rejection is dated <em>before</em> the expiry, often before
/// the rejected token itself. Remembering which tokens were presented before the expiry tells them apart whatever
/// the dates; the skew-tolerant <c>iat</c> rule still catches tokens minted long before but never shown.</para>
/// <para>One instance per emulator (created by <see cref="VoximplantRoutes.Map"/>); thread-safe.</para>
/// </remarks>
internal sealed class VoximplantJwtValidator(EmulatorState state)
{
    /// <summary>How far a token's <c>iat</c> may be ahead of the emulator's clock (and behind an expiry).</summary>
    public static readonly Duration ClockSkew = Duration.FromMinutes(1);

    /// <summary>The longest <c>exp - iat</c> Voximplant accepts.</summary>
    public static readonly Duration MaxLifetime = Duration.FromHours(1);

    // Unix seconds of 0001-01-01 and 9999-12-31: claims outside are nonsense (and would overflow arithmetic).
    private const long MinSeconds = -62135596800;
    private const long MaxSeconds = 253402300799;
    private const int PruneThreshold = 10_000;

    private readonly ConcurrentDictionary<string, SeenToken> _seen = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private Instant _observedNotBefore = Instant.MinValue;
    private long _generation;

    /// <summary>Whether <paramref name="token"/> (the bearer value, without <c>Bearer </c>) is accepted now.</summary>
    public bool IsValid(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var generation = ObserveExpiry(out var notBefore);
        var now = state.Clock.GetCurrentInstant().ToUnixTimeSeconds();
        if (!_seen.TryGetValue(token, out var seen))
        {
            if (!TryVerify(token, out var issuedAt, out var expiresAt))
            {
                return false;
            }

            seen = _seen.GetOrAdd(token, new SeenToken(issuedAt, expiresAt, generation));
            Prune(now);
        }

        var skew = (long)ClockSkew.TotalSeconds;
        return seen.Generation == generation
            && seen.ExpiresAt > now
            && seen.IssuedAt <= now + skew
            && seen.IssuedAt + skew >= notBefore.ToUnixTimeSeconds();
    }

    /// <summary>Notices an expiry (<see cref="EmulatorState.JwtsNotBefore"/> moved): every token seen before it is revoked.</summary>
    private long ObserveExpiry(out Instant notBefore)
    {
        notBefore = ReadTokensNotBefore(state);
        lock (_gate)
        {
            if (notBefore != _observedNotBefore)
            {
                _observedNotBefore = notBefore;
                _generation++;
            }

            return _generation;
        }
    }

    /// <summary>
    /// <see cref="EmulatorState.JwtsNotBefore"/>, or <see cref="Instant.MinValue"/> before the first expiry: its
    /// initial sentinel (<see cref="long.MinValue"/> ticks) is outside <see cref="Instant"/>'s range and throws.
    /// </summary>
    private static Instant ReadTokensNotBefore(EmulatorState state)
    {
        try
        {
            return state.JwtsNotBefore;
        }
        catch (ArgumentOutOfRangeException)
        {
            return Instant.MinValue;
        }
    }

    private bool TryVerify(string token, out long issuedAt, out long expiresAt)
    {
        issuedAt = expiresAt = 0;
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        try
        {
            using (var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])))
            {
                var root = header.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !IsString(root, "alg", "RS256")
                    || !IsString(root, "kid", state.Credentials.VoximplantKeyId)
                    || (root.TryGetProperty("typ", out var typ) && !(typ.ValueKind == JsonValueKind.String && string.Equals(typ.GetString(), "JWT", StringComparison.OrdinalIgnoreCase))))
                {
                    return false;
                }
            }

            using (var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])))
            {
                var root = claims.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("iss", out var issuer)
                    || !IsAccount(issuer, state.Credentials.VoximplantAccountId)
                    || !TryGetSeconds(root, "iat", out issuedAt)
                    || !TryGetSeconds(root, "exp", out expiresAt)
                    || expiresAt <= issuedAt
                    || expiresAt - issuedAt > (long)MaxLifetime.TotalSeconds)
                {
                    return false;
                }
            }

            var signature = Base64Url.DecodeFromChars(parts[2]);
            var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            var key = state.Credentials.VoximplantPublicKey;
            lock (key)
            {
                return key.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
        }
        catch (FormatException)
        {
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool IsString(JsonElement root, string name, string expected) =>
        root.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
        && string.Equals(value.GetString(), expected, StringComparison.Ordinal);

    private static bool IsAccount(JsonElement issuer, long accountId) => issuer.ValueKind switch
    {
        JsonValueKind.Number => issuer.TryGetInt64(out var number) && number == accountId,
        JsonValueKind.String => string.Equals(issuer.GetString(), accountId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
        _ => false,
    };

    private static bool TryGetSeconds(JsonElement root, string name, out long seconds)
    {
        seconds = 0;
        return root.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt64(out seconds)
            && seconds is >= MinSeconds and <= MaxSeconds;
    }

    /// <summary>Forgets expired tokens once many are remembered, so a long run costs bounded memory.</summary>
    private void Prune(long now)
    {
        if (_seen.Count <= PruneThreshold)
        {
            return;
        }

        foreach (var (token, seen) in _seen)
        {
            if (seen.ExpiresAt <= now)
            {
                _seen.TryRemove(token, out _);
            }
        }
    }

    /// <summary>A token that verified: its dates (Unix seconds) and the expiry generation it was first presented in.</summary>
    private sealed record SeenToken(long IssuedAt, long ExpiresAt, long Generation);
}
