using System.Diagnostics;
using System.Text;
using CallCenterStats.Sdk.Errors;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// Removes secrets (passwords, tokens, keys) from text that may reach a log, an exception message or a
/// debugger: occurrences of a registered secret are replaced with <see cref="Mask"/>.
/// </summary>
/// <remarks>
/// <para>
/// A secret of at least four characters is masked wherever it occurs, even inside a longer word.
/// </para>
/// <para>
/// A secret of one to three characters is masked only where it stands as a whole token: when the characters
/// just before and just after it are not letters or digits (<see cref="char.IsLetterOrDigit(char)"/>), or are
/// the start or end of the text. So the secret <c>t</c> is masked in <c>password=t&amp;x</c> but not inside
/// <c>timeout</c>; masking every occurrence of so short a value would garble every message while hiding
/// nothing an attacker could not guess.
/// </para>
/// <para>
/// Every secret is also masked in each encoding the SDK itself produces of it: URL-encoded (upper- and lower-case
/// hex, <c>%20</c> or <c>+</c> for a space, and as <see cref="RequestParameters"/> writes a query), JSON-escaped (as the
/// default and the relaxed encoders write it, and as servers outside .NET do: lower-case <c>\u</c> escapes, <c>\/</c>),
/// and each URL encoding JSON-escaped in turn (a server quoting a form body in a JSON error). The
/// Base64 of a Basic <c>user:password</c> pair is a secret of its own (see <see cref="BasicCredentials.GetSecrets"/>).
/// </para>
/// <para>
/// Secrets are applied longest first, so a secret that contains another is masked whole.
/// </para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class Redaction
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    // Secrets shorter than this are masked only as whole tokens (see the remarks).
    private const int MinLengthMaskedEverywhere = 4;

    // The secrets as given, for With; the masked forms are derived from them once.
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly string[] _given;

    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly string[] _secrets;

    /// <summary>Creates a redactor for <paramref name="secrets"/>; null or empty values are ignored.</summary>
    /// <param name="secrets">The secret values to hide.</param>
    public Redaction(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _given = secrets
            .Where(s => !string.IsNullOrEmpty(s))
            .Select(s => s!)
            .Distinct(StringComparer.Ordinal)
            .ToArray();

        // Longest first, so a secret that contains another is masked whole.
        _secrets = _given
            .SelectMany(Encodings)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    /// <summary>
    /// The secret and every encoding of it the SDK writes into a request, each also as a server may echo it inside a JSON
    /// string (a form body <c>api_key=a+b</c> quoted in a JSON error becomes <c>a\u002Bb</c> with System.Text.Json's
    /// default encoder).
    /// </summary>
    private static IEnumerable<string> Encodings(string secret)
    {
        var query = RequestParameters.EscapeQueryComponent(secret);
        var escaped = Uri.EscapeDataString(secret);
        var form = System.Net.WebUtility.UrlEncode(secret);

        // FormUrlEncodedContent (every form body the SDK sends) escapes like Uri.EscapeDataString, then writes a space as '+'.
        var formBody = escaped.Replace("%20", "+", StringComparison.Ordinal);
        foreach (var written in new[] { secret, query, LowerHex(query), escaped, LowerHex(escaped), form, LowerHex(form), formBody, LowerHex(formBody) })
        {
            yield return written;
            yield return System.Text.Json.JsonEncodedText.Encode(written).ToString();
            yield return System.Text.Json.JsonEncodedText.Encode(written, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
            yield return JsonEscaped(written, escapeSlash: false);
            yield return JsonEscaped(written, escapeSlash: true);
        }
    }

    /// <summary>
    /// A JSON string body as servers outside .NET write it: non-ASCII as lower-case <c>\u00e9</c> (Python's
    /// <c>json.dumps</c>, PHP's <c>json_encode</c>), and <c>/</c> as <c>\/</c> (PHP's default; a Base64 header value
    /// often has one).
    /// </summary>
    private static string JsonEscaped(string text, bool escapeSlash)
    {
        var result = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    result.Append("\\\"");
                    break;
                case '\\':
                    result.Append("\\\\");
                    break;
                case '/' when escapeSlash:
                    result.Append("\\/");
                    break;
                case '\n':
                    result.Append("\\n");
                    break;
                case '\r':
                    result.Append("\\r");
                    break;
                case '\t':
                    result.Append("\\t");
                    break;
                case '\b':
                    result.Append("\\b");
                    break;
                case '\f':
                    result.Append("\\f");
                    break;
                case < ' ' or >= '\u0080':
                    result.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }

        return result.ToString();
    }

    private static string LowerHex(string encoded)
    {
        if (!encoded.Contains('%', StringComparison.Ordinal))
        {
            return encoded;
        }

        var chars = encoded.ToCharArray();
        for (var i = 0; i + 2 < chars.Length; i++)
        {
            if (chars[i] == '%')
            {
                chars[i + 1] = char.ToLowerInvariant(chars[i + 1]);
                chars[i + 2] = char.ToLowerInvariant(chars[i + 2]);
                i += 2;
            }
        }

        return new string(chars);
    }

    /// <summary>Returns a redactor that hides these secrets and <paramref name="more"/>.</summary>
    /// <param name="more">Further secret values.</param>
    /// <returns>A new redactor.</returns>
    public Redaction With(params IEnumerable<string?> more) => new(_given.Concat(more));

    /// <summary>A redactor that hides nothing.</summary>
    public static Redaction None { get; } = new([]);

    /// <summary>Returns <paramref name="error"/> with the secrets masked in its message, details and target.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The redacted error (the same instance's values when nothing was masked).</returns>
    public VendorError Redact(VendorError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error with
        {
            Message = Apply(error.Message) ?? string.Empty,
            Details = Apply(error.Details),
            Target = Apply(error.Target),
        };
    }

    /// <summary>
    /// Returns <paramref name="exception"/> with the secrets masked in its errors, request id and raw body: the same
    /// instance when there is nothing to mask, otherwise a copy. The copy does not keep the original as its inner
    /// exception (its message holds the secret); it keeps the original's inner exception.
    /// </summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The redacted exception.</returns>
    public VendorApiException Redact(VendorApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var errors = exception.Errors.Select(Redact).ToArray();
        var rawBody = Apply(exception.RawBody);
        var requestId = Apply(exception.RequestId);
        if (errors.SequenceEqual(exception.Errors)
            && string.Equals(rawBody, exception.RawBody, StringComparison.Ordinal)
            && string.Equals(requestId, exception.RequestId, StringComparison.Ordinal))
        {
            return exception;
        }

        return new VendorApiException(exception.Vendor, exception.Kind, errors, exception.StatusCode, exception.IsTransient, exception.InnerException)
        {
            RequestId = requestId,
            RetryAfter = exception.RetryAfter,
            RequestMethod = exception.RequestMethod,
            RequestPath = exception.RequestPath,
            RawBody = rawBody,
        };
    }

    /// <summary>
    /// Returns <paramref name="text"/> with the registered secrets replaced by <see cref="Mask"/>: every occurrence of
    /// a secret of four or more characters, and every whole-token occurrence of a shorter one (see the remarks on
    /// <see cref="Redaction"/>).
    /// </summary>
    /// <param name="text">The text; may be null.</param>
    /// <returns>The redacted text, or null when <paramref name="text"/> is null.</returns>
    public string? Apply(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            text = secret.Length >= MinLengthMaskedEverywhere
                ? text.Replace(secret, Mask, StringComparison.Ordinal)
                : ReplaceWholeTokens(text, secret);
        }

        return text;
    }

    private static string ReplaceWholeTokens(string text, string secret)
    {
        var index = text.IndexOf(secret, StringComparison.Ordinal);
        if (index < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var copied = 0;
        while (index >= 0)
        {
            var end = index + secret.Length;
            if (IsDelimiter(text, index - 1) && IsDelimiter(text, end))
            {
                result.Append(text, copied, index - copied).Append(Mask);
                copied = end;
                index = end < text.Length ? text.IndexOf(secret, end, StringComparison.Ordinal) : -1;
            }
            else
            {
                index = text.IndexOf(secret, index + 1, StringComparison.Ordinal);
            }
        }

        return copied == 0 ? text : result.Append(text, copied, text.Length - copied).ToString();
    }

    // A token boundary: the start or end of the text, or a character that is neither a letter nor a digit.
    private static bool IsDelimiter(string text, int index) =>
        index < 0 || index >= text.Length || !char.IsLetterOrDigit(text[index]);
}
