using System.Net;
using System.Net.Http.Headers;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Errors;
using NodaTime;

namespace CallCenterStats.Sdk.Netaxis;

/// <summary>
/// Access tokens for a Netaxis APIO user: logs in with <c>POST {auth}/login</c>, renews the access token with
/// <c>GET {auth}/access_token</c> (the refresh token as bearer), and logs in again when the refresh token is
/// rejected. Core's <see cref="BearerTokenSource"/> adds the caching, the single flight and the renewal one minute
/// before expiry.
/// </summary>
/// <remarks>
/// With a preconfigured long-lived token (<see cref="NetaxisOptions.Token"/>) the source hands out that token and never
/// logs in. Expiry: the answer's <c>expires_in</c> (seconds) when present, else the JWT <c>exp</c> claim, else the configured
/// default lifetime. A login answered with <c>2fa_payload</c> fails: a second factor cannot be given unattended.
/// The auth calls go through the account's auxiliary pipeline (Core's one request path: retries, timeouts, telemetry),
/// over an <see cref="HttpClient"/> without the bearer handler. The pipeline masks the credential each request carries
/// in its <c>Authorization</c> header (the refresh token, on a refresh call) in everything a server answers, before it
/// logs a retry or a failure; and every error of a login or refresh call is redacted here of the password, the refresh
/// token, the access token and any token found in the failing answer, so an echoed token never reaches a log line, a
/// message or a raw body.
/// </remarks>
internal sealed class NetaxisTokenSource : BearerTokenSource
{
    private static readonly VendorOperation LoginOperation = new("auth/login");
    private static readonly VendorOperation RefreshOperation = new("auth/access_token");

    private readonly VendorPipeline? _pipeline;
    private readonly AccessToken? _staticToken;
    private readonly string _username = string.Empty;
    private readonly string _password = string.Empty;
    private readonly Duration _defaultLifetime;
    private readonly string _loginPath = string.Empty;
    private readonly string _refreshPath = string.Empty;

    // Only touched by FetchTokenAsync, which the base class never runs concurrently.
    private string? _refreshToken;
    private string? _accessToken;

    /// <summary>A source of one preconfigured long-lived token.</summary>
    public NetaxisTokenSource(string token, IClock clock)
        : base(clock)
    {
        _staticToken = new AccessToken(token, expiresAt: null);
    }

    public NetaxisTokenSource(
        VendorPipeline authPipeline,
        string username,
        string password,
        string authPathPrefix,
        Duration defaultLifetime,
        IClock clock)
        : base(clock)
    {
        ArgumentNullException.ThrowIfNull(authPipeline);
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentNullException.ThrowIfNull(authPathPrefix);
        _pipeline = authPipeline;
        _username = username;
        _password = password;
        _defaultLifetime = defaultLifetime;
        _loginPath = NetaxisPaths.Auth(authPathPrefix, "login");
        _refreshPath = NetaxisPaths.Auth(authPathPrefix, "access_token");
    }

    protected override async Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        if (_staticToken is not null)
        {
            return _staticToken;
        }

        var refreshToken = _refreshToken;
        if (refreshToken is not null && IsUsable(refreshToken))
        {
            var refreshed = await TryRefreshAsync(refreshToken, cancellationToken).ConfigureAwait(false);
            if (refreshed is not null)
            {
                return refreshed;
            }
        }

        return await LogInAsync(cancellationToken).ConfigureAwait(false);
    }

    public override string ToString() => $"NetaxisTokenSource {{ Username = {_username}, Password = {Redaction.Mask} }}";

    private bool IsUsable(string refreshToken) =>
        JwtExpiry.TryRead(refreshToken) is not { } expiry || expiry > Clock.GetCurrentInstant();

    private async Task<AccessToken?> TryRefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        try
        {
            return await RequestTokenAsync(
                RefreshOperation,
                () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_refreshPath, UriKind.Relative));
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", refreshToken);
                    return request;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (VendorApiException ex) when (IsRejection(ex))
        {
            // Expired, revoked or malformed refresh token: a new login is the way out.
            _refreshToken = null;
            return null;
        }
    }

    private Task<AccessToken> LogInAsync(CancellationToken cancellationToken) =>
        RequestTokenAsync(
            LoginOperation,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_loginPath, UriKind.Relative))
                {
                    Content = NetaxisRequestBodies.Login(_username, _password),
                };
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                return request;
            },
            cancellationToken);

    private async Task<AccessToken> RequestTokenAsync(VendorOperation operation, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        // The tokens this source holds, whichever call this is: a server may echo the refresh token it was sent
        // (or any token it knows) into an error body.
        var secrets = Secrets();
        var requestedAt = Clock.GetCurrentInstant();
        AuthTokenDto body;
        try
        {
            body = await _pipeline!.SendAsync(
                operation,
                createRequest,
                async (response, token) =>
                {
                    var answer = await response.ReadJsonAsync(NetaxisJsonContext.Default.AuthTokenDto, token).ConfigureAwait(false);

                    // An answer that is turned into an error may still carry new tokens: hide them too, and the ones
                    // this source holds, before the pipeline logs the error.
                    var answerSecrets = secrets.With(answer.AccessToken, answer.Token, answer.RefreshToken);
                    if (HasTwoFactorChallenge(answer))
                    {
                        throw answerSecrets.Redact(response.CreateException(new VendorErrorReport([NetaxisErrorPolicy.TwoFactorRequired])));
                    }

                    if (NetaxisErrorPolicy.FindErrorException(response, answer.Extra) is { } error)
                    {
                        throw answerSecrets.Redact(error);
                    }

                    // access_token is the documented bearer; a machine user's long-lived token is the fallback.
                    var value = !string.IsNullOrEmpty(answer.AccessToken) ? answer.AccessToken : answer.Token;
                    if (!IsHeaderToken(value))
                    {
                        throw answerSecrets.Redact(response.CreateInvalidResponseException("the answer has no usable access_token or token"));
                    }

                    return answer;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (VendorApiException ex)
        {
            throw secrets.Redact(ex);
        }

        var value = !string.IsNullOrEmpty(body.AccessToken) ? body.AccessToken : body.Token!;

        // A refresh token that could not be sent in a header is not kept: the next renewal logs in again.
        if (IsHeaderToken(body.RefreshToken))
        {
            _refreshToken = body.RefreshToken;
        }

        _accessToken = value;
        return new AccessToken(value, ExpiryOf(value, body.ExpiresIn, requestedAt));
    }

    private Redaction Secrets() => new([_password, _refreshToken, _accessToken]);

    private Instant ExpiryOf(string token, long? expiresIn, Instant requestedAt)
    {
        if (expiresIn is > 0 and < 10L * 365 * 24 * 3600)
        {
            return requestedAt + Duration.FromSeconds(expiresIn.Value);
        }

        return JwtExpiry.TryRead(token) ?? requestedAt + _defaultLifetime;
    }

    /// <summary>
    /// Whether a token can go in an <c>Authorization: Bearer</c> header: visible ASCII only (JWTs and opaque tokens are).
    /// A NUL, a line break, a space or a non-ASCII character would make the header invalid (a FormatException on send).
    /// </summary>
    internal static bool IsHeaderToken(string? token) =>
        !string.IsNullOrEmpty(token) && token.AsSpan().IndexOfAnyExceptInRange('!', '~') < 0;

    private static bool HasTwoFactorChallenge(AuthTokenDto body) => NetaxisErrorPolicy.IsTwoFactorChallenge(body.TwoFactorPayload);

    // 4xx other than timeouts and rate limits: the refresh token itself is refused (401 documented; flask-jwt-style
    // servers answer 422 for a malformed token). 5xx and network failures are not a reason to log in again.
    private static bool IsRejection(VendorApiException ex) =>
        ex.StatusCode is { } status
        && (int)status is >= 400 and < 500
        && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
}
