using System.Text;

namespace CallCenterStats.Sdk.Netaxis;

/// <summary>
/// Builds request paths relative to the endpoint (no leading slash, so an endpoint with a path keeps it).
/// Every variable segment is escaped with <see cref="Uri.EscapeDataString(string)"/>: <c>@</c> becomes <c>%40</c>.
/// <c>/</c> and <c>\</c> never get here: <see cref="CallCenterId"/> rejects them, because a gateway that decodes
/// <c>%2F</c> before routing would read an escaped slash as a new segment.
/// </summary>
internal static class NetaxisPaths
{
    public static string CallCenter(string prefix, CallCenterId callCenter, string operation)
    {
        var path = new StringBuilder();
        var normalized = NetaxisOptions.NormalizePathPrefix(prefix);
        if (normalized.Length > 0)
        {
            path.Append(normalized).Append('/');
        }

        return path
            .Append("tenants/").Append(Segment(callCenter.Tenant))
            .Append("/groups/").Append(Segment(callCenter.Group))
            .Append("/services/call_centers/").Append(Segment(callCenter.CallCenterName))
            .Append('/').Append(operation).Append('/')
            .ToString();
    }

    public static string Auth(string authPrefix, string operation)
    {
        var normalized = NetaxisOptions.NormalizePathPrefix(authPrefix);
        return normalized.Length == 0 ? operation : normalized + "/" + operation;
    }

    private static string Segment(string value)
    {
        // CallCenterId already rejects these; checked again because a path is the last line of defence.
        if (value is "." or ".." or "" || value.AsSpan().IndexOfAny('/', '\\') >= 0)
        {
            throw new ArgumentException($"'{value}' cannot be used as a path segment.", nameof(value));
        }

        return Uri.EscapeDataString(value);
    }
}
