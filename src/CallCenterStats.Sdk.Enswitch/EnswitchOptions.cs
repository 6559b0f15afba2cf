using System.Diagnostics;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Enswitch;

/// <summary>
/// Options of an <see cref="EnswitchClient"/>: the deployment's endpoint, the API user's credentials and how
/// requests are sent. Enswitch is self-hosted, so there is no default endpoint: every deployment has its own
/// host (and Enswitch version).
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class EnswitchOptions : VendorClientOptions
{
    /// <summary>
    /// The Enswitch user name, sent as <c>auth_username</c>. The user needs the "user" role privilege and must be
    /// allowed to see the queues it asks about.
    /// </summary>
    public string? Username { get; set; }

    /// <summary>The Enswitch password, sent as <c>auth_password</c>. A secret: it never appears in <see cref="ToString"/>, logs or exceptions.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? Password { get; set; }

    /// <summary>
    /// <see cref="EnswitchRequestMethod.Post"/> (default) sends a form body and keeps the credentials out of every URL;
    /// <see cref="EnswitchRequestMethod.Get"/> puts them in the query string, for deployments that need it.
    /// </summary>
    public EnswitchRequestMethod RequestMethod { get; set; } = EnswitchRequestMethod.Post;

    /// <inheritdoc />
    /// <remarks>
    /// The endpoint is required (Enswitch has no public host); the user name and password are required and cannot hold a
    /// CR, an LF, a NUL or a lone surrogate.
    /// </remarks>
    public override IEnumerable<string> Validate()
    {
        foreach (var failure in base.Validate())
        {
            yield return failure;
        }

        if (string.IsNullOrWhiteSpace(Username))
        {
            yield return $"{nameof(Username)} is required.";
        }

        if (string.IsNullOrEmpty(Password))
        {
            yield return $"{nameof(Password)} is required.";
        }

        // Both go into the request line (GET mode) or the form body: a line break, a NUL or a lone surrogate (which would
        // reach Enswitch as U+FFFD) is refused here, without showing the value.
        if (CheckHeaderValue(Username, nameof(Username)) is { } usernameProblem)
        {
            yield return usernameProblem;
        }

        if (CheckHeaderValue(Password, nameof(Password)) is { } passwordProblem)
        {
            yield return passwordProblem;
        }

        if (!Enum.IsDefined(RequestMethod))
        {
            yield return $"{nameof(RequestMethod)} must be {nameof(EnswitchRequestMethod.Post)} or {nameof(EnswitchRequestMethod.Get)}.";
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The password. Core's <see cref="Redaction"/> also hides every encoding of it a request carries (the query string
    /// of GET mode, the form body of POST mode, with upper- and lower-case hex), so an error page quoting the request
    /// cannot leak it in escaped form either.
    /// </remarks>
    public override IEnumerable<string?> GetSecrets() => [Password];

    /// <summary>Describes the options with the password masked.</summary>
    /// <returns><c>EnswitchOptions { Endpoint = …, Username = …, Password = ***, RequestMethod = … }</c>.</returns>
    public override string ToString() =>
        $"EnswitchOptions {{ Endpoint = {Endpoint}, Username = {Username}, Password = {(string.IsNullOrEmpty(Password) ? "(none)" : Redaction.Mask)}, RequestMethod = {RequestMethod} }}";
}
