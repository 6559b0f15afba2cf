using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Netaxis;

/// <summary>
/// The error policy of one account's login and refresh calls: Netaxis' envelope (<see cref="NetaxisErrorPolicy"/>), with
/// the token source's live secrets masked in every error and request id it reads.
/// </summary>
/// <remarks>
/// The refresh call sends the refresh token as its bearer, set by the token source rather than by Core's bearer
/// handler, so the pipeline does not know it is a secret: without this, a server that quotes the request in an error
/// would put the refresh token into the exception the pipeline logs when it retries or gives up. The token source
/// tells this policy its current secrets (<see cref="Hide"/>) whenever they change. One instance per registration;
/// each token source built from it (one per service provider) keeps its own entry.
/// </remarks>
internal sealed class NetaxisAuthErrorPolicy : VendorErrorPolicy
{
    private static readonly NetaxisErrorPolicy Inner = NetaxisErrorPolicy.Instance;

    private readonly ConcurrentDictionary<object, Redaction> _secrets = new(ReferenceEqualityComparer.Instance);

    public override string VendorName => Inner.VendorName;

    /// <summary>Sets the secrets of <paramref name="owner"/> (a token source), replacing the ones it set before.</summary>
    public void Hide(object owner, Redaction secrets) => _secrets[owner] = secrets;

    public override VendorErrorReport ReadErrorBody(ReadOnlySpan<byte> body)
    {
        var report = Inner.ReadErrorBody(body);
        return report.HasErrors || report.RequestId is not null
            ? new VendorErrorReport(report.Errors.Select(Apply).ToArray(), Apply(report.RequestId))
            : report;
    }

    public override VendorErrorKind Classify(HttpStatusCode statusCode, IReadOnlyList<VendorError> errors) => Inner.Classify(statusCode, errors);

    public override bool IsTransient(HttpStatusCode statusCode, IReadOnlyList<VendorError> errors, VendorErrorKind kind) =>
        Inner.IsTransient(statusCode, errors, kind);

    public override NodaTime.Duration? GetRetryAfter(IReadOnlyList<VendorError> errors) => Inner.GetRetryAfter(errors);

    public override string? GetRequestId(HttpResponseHeaders headers) => Apply(Inner.GetRequestId(headers));

    private VendorError Apply(VendorError error)
    {
        foreach (var secrets in _secrets.Values)
        {
            error = secrets.Redact(error);
        }

        return error;
    }

    private string? Apply(string? text)
    {
        foreach (var secrets in _secrets.Values)
        {
            text = secrets.Apply(text);
        }

        return text;
    }
}
