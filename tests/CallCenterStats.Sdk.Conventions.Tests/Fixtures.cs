// Miniature vendor packages, one namespace each, standing in for a vendor assembly in the checker's own tests: "Good"
// follows every convention; each other one breaks a rule on purpose. Nothing here is ever called.
#pragma warning disable CA1002 // Deliberately bad: a List<T> in a result.
#pragma warning disable CA1051 // Deliberately bad: a public field in a result.
#pragma warning disable CA1819 // Deliberately bad: an array in a result.
#pragma warning disable CA2227 // Deliberately bad: a settable collection in a result.
#pragma warning disable CA1822 // Fixture members are never called.

using CallCenterStats.Sdk.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Conventions.Tests.Fixtures.Good
{
    public sealed class GoodOptions : VendorClientOptions
    {
        public string TimeZone { get; set; } = "UTC";
    }

    public class GoodClient : VendorClient<GoodOptions>
    {
        protected GoodClient()
        {
        }

        public static GoodClient Create(GoodOptions options, VendorClientServices? services = null) => throw new NotSupportedException();

        public virtual Task<GoodReport> GetReportAsync(GoodReportRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public virtual IAsyncEnumerable<GoodRow> GetRowsAsync(GoodReportRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public virtual Task<RowsPage> GetRowsPageAsync(GoodReportRequest request, long offset, int limit, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public virtual Task<GoodSettings> GetSettingsAsync(string account, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    public sealed record GoodReportRequest
    {
        public required InstantRange Range { get; init; }

        public IReadOnlyList<long>? UserIds { get; init; }

        public IReadOnlyList<string>? AgentLogins { get; init; }
    }

    public sealed record GoodReport
    {
        public IReadOnlyList<GoodRow> Rows { get; init; } = [];
    }

    public sealed record GoodRow(long? UserId, GoodAgent Agent, StatisticsPeriod? Period)
    {
        public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();
    }

    public sealed record GoodAgent
    {
        public string Login { get; init; } = string.Empty;
    }

    public sealed record RowsPage
    {
        public IReadOnlyList<GoodRow> Rows { get; init; } = [];
    }

    public sealed record GoodSettings
    {
        public IReadOnlyCollection<string> Emails { get; init; } = [];
    }

    public static class GoodServiceCollectionExtensions
    {
        public static IHttpClientBuilder AddGoodClient(this IServiceCollection services, Action<GoodOptions> configure) => throw new NotSupportedException();

        public static IHttpClientBuilder AddGoodClient(this IServiceCollection services, IConfiguration configuration) => throw new NotSupportedException();

        public static IHttpClientBuilder AddGoodClient(this IServiceCollection services, string name, Action<GoodOptions> configure) => throw new NotSupportedException();

        public static IHttpClientBuilder AddGoodClient(this IServiceCollection services, string name, IConfiguration configuration) => throw new NotSupportedException();
    }
}

namespace CallCenterStats.Sdk.Conventions.Tests.Fixtures.Twin
{
    public sealed class TwinOptions : VendorClientOptions;

    public sealed class OtherOptions : VendorClientOptions;

    /// <summary>Sealed (cannot be mocked) and built on another vendor's options.</summary>
    public sealed class TwinClient : VendorClient<OtherOptions>;

    /// <summary>A second public client in the same package.</summary>
    public class TwinReportsClient : VendorClient<TwinOptions>;
}

namespace CallCenterStats.Sdk.Conventions.Tests.Fixtures.Unmockable
{
    public sealed class UnmockableOptions : VendorClientOptions;

    public class UnmockableClient : VendorClient<UnmockableOptions>
    {
        /// <summary>Public, not protected.</summary>
        public UnmockableClient()
        {
        }

        /// <summary>No services parameter.</summary>
        public static UnmockableClient Create(UnmockableOptions options) => throw new NotSupportedException();
    }
}

namespace CallCenterStats.Sdk.Conventions.Tests.Fixtures.Strict
{
    public sealed class StrictOptions : VendorClientOptions;

    public class StrictClient : VendorClient<StrictOptions>
    {
        protected StrictClient()
        {
        }

        /// <summary>Services required (not nullable, no default), and the result typed as the base class.</summary>
        public static VendorClient Create(StrictOptions options, VendorClientServices services) => throw new NotSupportedException();
    }
}

namespace CallCenterStats.Sdk.Conventions.Tests.Fixtures.Sloppy
{
    public sealed class SloppyOptions : VendorClientOptions;

    public class SloppyClient : VendorClient<SloppyOptions>
    {
        protected SloppyClient()
        {
        }

        public static SloppyClient Create(SloppyOptions options, VendorClientServices? services = null) => throw new NotSupportedException();

        /// <summary>Not virtual.</summary>
        public Task<SloppyResult> GetCountAsync(string account, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        /// <summary>No Async suffix.</summary>
        public virtual Task<SloppyResult> FetchCount(string account, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        /// <summary>The token is named otherwise and has no default.</summary>
        public virtual Task<SloppyResult> GetTotalAsync(string account, CancellationToken token) => throw new NotSupportedException();

        /// <summary>No token at all.</summary>
        public virtual Task<SloppyResult> GetSumAsync(string account) => throw new NotSupportedException();
    }

    public sealed record SloppyResult(long Count);
}

namespace CallCenterStats.Sdk.Conventions.Tests.Fixtures.Misnamed
{
    public sealed class MisnamedOptions : VendorClientOptions;

    public class MisnamedClient : VendorClient<MisnamedOptions>
    {
        protected MisnamedClient()
        {
        }

        /// <summary>A stream not named Get…Async.</summary>
        public virtual IAsyncEnumerable<MisnamedRow> StreamRowsAsync(string account, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        /// <summary>Named as a page, returning a list.</summary>
        public virtual Task<IReadOnlyList<MisnamedRow>> GetRowsPageAsync(string account, int offset, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        /// <summary>Returning a page, not named as one.</summary>
        public virtual Task<RowsPage> FetchRowsAsync(string account, int offset, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    public sealed record MisnamedRow(long Count);

    public sealed record RowsPage(IReadOnlyList<MisnamedRow> Rows);
}

namespace CallCenterStats.Sdk.Conventions.Tests.Fixtures.Positional
{
    public sealed class PositionalOptions : VendorClientOptions;

    public class PositionalClient : VendorClient<PositionalOptions>
    {
        protected PositionalClient()
        {
        }

        /// <summary>A time span as positional parameters instead of a request record.</summary>
        public virtual Task<PositionalResult> GetStatisticsAsync(Instant since, Instant until, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        /// <summary>A request record and a loose parameter beside it.</summary>
        public virtual Task<PositionalResult> GetReportAsync(LooseRequest request, string queue, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        /// <summary>A request record whose time span is not a Range.</summary>
        public virtual Task<PositionalResult> GetSummaryAsync(PeriodRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        /// <summary>No time span, but three inputs.</summary>
        public virtual Task<PositionalResult> GetSettingsAsync(string tenant, string group, string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    /// <summary>Not a sealed record; a settable, optional range.</summary>
    public class LooseRequest
    {
        public InstantRange Range { get; set; }
    }

    public sealed record PeriodRequest
    {
        public required Interval Period { get; init; }
    }

    public sealed record PositionalResult(long Count);
}

namespace CallCenterStats.Sdk.Conventions.Tests.Fixtures.Zoned
{
    /// <summary>Not sealed; the zone is not a bindable string.</summary>
    public class ZonedOptions : VendorClientOptions
    {
        public DateTimeZone TimeZone { get; set; } = DateTimeZone.Utc;
    }
}

namespace CallCenterStats.Sdk.Conventions.Tests.Fixtures.Warsaw
{
    /// <summary>A zone other than UTC by default.</summary>
    public sealed class WarsawOptions : VendorClientOptions
    {
        public string TimeZone { get; set; } = "Europe/Warsaw";
    }
}

namespace CallCenterStats.Sdk.Conventions.Tests.Fixtures.Unbindable
{
    /// <summary>No public parameterless constructor.</summary>
    public sealed class UnbindableOptions : VendorClientOptions
    {
        public UnbindableOptions(string account)
        {
            Account = account;
        }

        public string Account { get; }
    }
}

namespace CallCenterStats.Sdk.Conventions.Tests.Fixtures.Registry
{
    public sealed class RegistryOptions : VendorClientOptions;

    public static class RegistryServiceCollectionExtensions
    {
        /// <summary>The parameter is named config, not configure.</summary>
        public static IHttpClientBuilder AddRegistryClient(this IServiceCollection services, Action<RegistryOptions> config) => throw new NotSupportedException();

        /// <summary>Returns the service collection, not the client's builder.</summary>
        public static IServiceCollection AddRegistryClient(this IServiceCollection services, IConfiguration configuration) => throw new NotSupportedException();

        public static IHttpClientBuilder AddRegistryClient(this IServiceCollection services, string name, Action<RegistryOptions> configure) => throw new NotSupportedException();

        /// <summary>A fifth public method (and the (name, configuration) overload is missing).</summary>
        public static IHttpClientBuilder AddRegistryClients(this IServiceCollection services, IEnumerable<string> names) => throw new NotSupportedException();
    }
}

namespace CallCenterStats.Sdk.Conventions.Tests.Fixtures.Mutable
{
    public sealed class MutableOptions : VendorClientOptions;

    public class MutableClient : VendorClient<MutableOptions>
    {
        protected MutableClient()
        {
        }

        public virtual Task<MutableReport> GetReportAsync(string account, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    public sealed class MutableReport
    {
        public string? Name { get; set; }

        public List<MutableRow> Rows { get; init; } = [];

        public long[] Counts { get; init; } = [];

        public IReadOnlyDictionary<string, List<long>> Nested { get; init; } = new Dictionary<string, List<long>>();

        public long Total;
    }

    /// <summary>Reached only through the list: the checker must still look inside.</summary>
    public sealed class MutableRow
    {
        public long Calls { get; set; }
    }
}

namespace CallCenterStats.Sdk.Conventions.Tests.Fixtures.Ids
{
    public sealed class IdsOptions : VendorClientOptions;

    public class IdsClient : VendorClient<IdsOptions>
    {
        protected IdsClient()
        {
        }

        public virtual IAsyncEnumerable<IdsRow> GetRowsAsync(IdsRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    public sealed record IdsRequest
    {
        public required InstantRange Range { get; init; }

        public IReadOnlyList<long>? UserIds { get; init; }

        public IReadOnlyList<string>? AgentLogins { get; init; }

        public IReadOnlyList<long>? Projects { get; init; }
    }

    public sealed record IdsRow
    {
        /// <summary>Text here, a number in the request.</summary>
        public string? UserId { get; init; }

        public IdsAgent Agent { get; init; } = new();

        /// <summary>Agrees with the request.</summary>
        public long? ProjectId { get; init; }
    }

    public sealed record IdsAgent
    {
        /// <summary>A number here, text in the request (AgentLogins).</summary>
        public long Login { get; init; }
    }
}
