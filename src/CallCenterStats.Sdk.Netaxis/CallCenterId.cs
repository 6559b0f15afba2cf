using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Netaxis;

/// <summary>
/// Identifies a call center in Netaxis APIO: the tenant (BroadWorks enterprise or service provider), the
/// group, and the call center's name, which usually looks like <c>name@domain</c>
/// (e.g. <c>APIOTestCCBasic@sip.netaxis.be</c>).
/// </summary>
/// <remarks>
/// Each part becomes one URL path segment, escaped: <c>@</c> and every other reserved character are
/// percent-encoded. A part containing <c>/</c> or <c>\</c> is rejected rather than escaped: some gateways and proxies
/// decode <c>%2F</c> (and treat <c>\</c> as <c>/</c>) before routing, which would turn the name back into extra path
/// segments (path traversal). The segments <c>.</c> and <c>..</c> are rejected because HTTP clients and proxies
/// would collapse them (<c>a/../b</c> becomes <c>b</c>) even when escaped.
/// </remarks>
public sealed record CallCenterId
{
    /// <summary>Creates the identifier.</summary>
    /// <param name="tenant">The tenant id.</param>
    /// <param name="group">The group id.</param>
    /// <param name="callCenterName">The call center's name (service user id), e.g. <c>APIOTestCCBasic@sip.netaxis.be</c>.</param>
    /// <exception cref="ArgumentException">
    /// A part is empty, blank, <c>.</c> or <c>..</c>, contains <c>/</c> or <c>\</c>, or holds a CR, an LF, a NUL or a lone
    /// surrogate; the parameter name says which part.
    /// </exception>
    /// <exception cref="ArgumentNullException">A part is null.</exception>
    public CallCenterId(string tenant, string group, string callCenterName)
    {
        Tenant = EnsureSegment(tenant, nameof(tenant));
        Group = EnsureSegment(group, nameof(group));
        CallCenterName = EnsureSegment(callCenterName, nameof(callCenterName));
    }

    /// <summary>The tenant id.</summary>
    public string Tenant { get; }

    /// <summary>The group id.</summary>
    public string Group { get; }

    /// <summary>The call center's name (service user id), e.g. <c>APIOTestCCBasic@sip.netaxis.be</c>.</summary>
    public string CallCenterName { get; }

    /// <summary>Returns <c>tenant/group/name</c> for logs.</summary>
    /// <returns>A readable description.</returns>
    public override string ToString() => $"{Tenant}/{Group}/{CallCenterName}";

    private static string EnsureSegment(string value, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);
        ParameterValues.EnsureText(value, paramName);
        if (value is "." or "..")
        {
            throw new ArgumentException($"'{value}' cannot be used as a path segment: it would change the request path.", paramName);
        }

        // Not escaped but refused: a gateway that decodes %2F (or reads a backslash as '/') before routing would see extra segments.
        if (value.AsSpan().IndexOfAny('/', '\\') >= 0)
        {
            throw new ArgumentException(
                $"'{value}' cannot contain '/' or '\\': some gateways decode an escaped '/' before routing, which would change the request path.",
                paramName);
        }

        return value;
    }
}
