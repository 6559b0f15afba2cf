using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using CallCenterStats.Sdk.Pipeline;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant;

/// <summary>
/// Mints the RS256 JWTs the Voximplant Management API takes as bearer tokens, from a service account's
/// private key, and caches each one until shortly before it expires (see <see cref="BearerTokenSource"/>).
/// Tokens are signed locally with <see cref="RSA"/>; no network call and no JWT library is involved.
/// </summary>
/// <remarks>
/// <para>Header: <c>{"alg":"RS256","typ":"JWT","kid":key_id}</c>. Claims: <c>iss</c> = account id (a number),
/// <c>iat</c> = now minus <see cref="IssuedAtBackdate"/> (servers whose clock runs behind reject tokens issued
/// "in the future"), <c>exp</c> = <c>iat</c> + the lifetime (30 minutes by default; Voximplant accepts at most one
/// hour).</para>
/// <para>RS256 signatures are deterministic and <c>exp</c> is <c>iat</c> plus a fixed lifetime, so two tokens with the
/// same <c>iat</c> are byte-identical. The source therefore remembers the <c>iat</c> second of every token it minted
/// that has not expired yet, and gives a new token the latest whole second at or before <c>now − backdate</c> that is
/// not among them. Every token still within its lifetime thus has an <c>iat</c> of its own, whatever the clock does
/// (several mints in one second, a second rolling over between mints, a clock standing still or stepping back): a
/// replacement for a rejected token is never a token the server saw before. No extra claim (such as <c>jti</c>) is
/// needed, since whether Voximplant accepts one is not documented. The price is that a burst of <c>n</c> mints inside
/// one second backdates the last one by <c>n − 1</c> more seconds; memory is one entry per token minted within one
/// lifetime.</para>
/// <para>One instance per account is meant to be shared by every request of a client; the DI registration
/// does that.</para>
/// </remarks>
internal sealed class VoximplantTokenSource : BearerTokenSource
{
    /// <summary>The default token lifetime: 30 minutes.</summary>
    public static readonly Duration DefaultLifetime = Duration.FromMinutes(30);

    /// <summary>The longest lifetime Voximplant accepts: one hour after <c>iat</c>.</summary>
    public static readonly Duration MaxLifetime = Duration.FromHours(1);

    /// <summary>How far <c>iat</c> is set before the current instant: 5 seconds.</summary>
    public static readonly Duration IssuedAtBackdate = Duration.FromSeconds(5);

    private readonly VoximplantCredentials _credentials;

    // The iat (Unix seconds) of every minted token that has not expired yet. Only touched by FetchTokenAsync, which
    // the base class never runs concurrently.
    private readonly SortedSet<long> _issuedAt = [];

    // The service account's key, imported once (importing a PEM costs more than signing). Only used by FetchTokenAsync.
    private RSA? _rsa;

    /// <summary>Creates the source.</summary>
    /// <param name="credentials">The service account.</param>
    /// <param name="clock">The clock that stamps <c>iat</c>/<c>exp</c> and decides when a token is stale.</param>
    /// <param name="lifetime">From <c>iat</c> to <c>exp</c>; more than two minutes and at most one hour; <see cref="DefaultLifetime"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lifetime"/> is out of range.</exception>
    public VoximplantTokenSource(VoximplantCredentials credentials, IClock clock, Duration? lifetime = null)
        : base(clock, Duration.FromMinutes(1))
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var value = lifetime ?? DefaultLifetime;
        if (value <= Duration.FromMinutes(2) || value > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), value, "The token lifetime must be more than 2 minutes and at most 1 hour.");
        }

        _credentials = credentials;
        Lifetime = value;
    }

    /// <summary>From <c>iat</c> to <c>exp</c> of each token.</summary>
    public Duration Lifetime { get; }

    /// <summary>The account the tokens are issued for.</summary>
    public long AccountId => _credentials.AccountId;

    /// <inheritdoc />
    protected override Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetCurrentInstant();
        var issuedAt = NextIssuedAt(now);
        var expires = issuedAt + Lifetime;
        return Task.FromResult(new AccessToken(Mint(issuedAt, expires), expires));
    }

    private Instant NextIssuedAt(Instant now)
    {
        // Forget tokens that have expired: a server refuses them whatever they look like.
        var lifetimeSeconds = (long)Lifetime.TotalSeconds;
        var nowSeconds = now.ToUnixTimeSeconds();
        _issuedAt.RemoveWhere(iat => iat + lifetimeSeconds <= nowSeconds);

        var candidate = (now - IssuedAtBackdate).ToUnixTimeSeconds();
        while (_issuedAt.Contains(candidate))
        {
            candidate--;
        }

        _issuedAt.Add(candidate);
        return Instant.FromUnixTimeSeconds(candidate);
    }

    /// <summary>Returns a description without any key or token.</summary>
    /// <returns>A redacted description.</returns>
    public override string ToString() => $"VoximplantTokenSource {{ AccountId = {AccountId}, KeyId = {_credentials.KeyId}, Lifetime = {Lifetime} }}";

    private string Mint(Instant issuedAt, Instant expires)
    {
        var header = WriteJson(writer =>
        {
            writer.WriteString("alg", "RS256");
            writer.WriteString("typ", "JWT");
            writer.WriteString("kid", _credentials.KeyId);
        });
        var claims = WriteJson(writer =>
        {
            writer.WriteNumber("iss", _credentials.AccountId);
            writer.WriteNumber("iat", issuedAt.ToUnixTimeSeconds());
            writer.WriteNumber("exp", expires.ToUnixTimeSeconds());
        });

        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(claims);
        _rsa ??= _credentials.CreateRsa();
        var signature = _rsa.SignData(System.Text.Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static byte[] WriteJson(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
