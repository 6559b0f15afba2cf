using CallCenterStats.Sdk;
using CallCenterStats.Sdk.Unified;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenterStats.Cli.Vendors;

/// <summary>
/// The SDK's DI registrations for the tool: each account through its descriptor's <c>AddClient</c> (which registers the
/// client and its unified source), logs to standard error when verbose.
/// </summary>
internal static class VendorServices
{
    /// <summary>Builds a container with every account of <paramref name="connections"/>.</summary>
    public static ServiceProvider Build(CliSession session, IEnumerable<VendorConnection> connections)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.ClearProviders();
            if (session.Verbose)
            {
                logging.AddProvider(new ErrorWriterLoggerProvider(session));

                // The SDK's own logs carry no secret; HttpClient's would show request URIs, which may (Enswitch in GET mode).
                logging.AddFilter((category, level) => category is not null
                    && category.StartsWith("CallCenterStats", StringComparison.Ordinal)
                    && level >= LogLevel.Debug);
            }
        });

        foreach (var connection in connections)
        {
            foreach (var account in connection.Accounts)
            {
                var name = account.Name == AgentStatistics.DefaultAccount ? Options.DefaultName : account.Name;
                connection.Vendor.AddClient(services, name, account.Configuration);
            }
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>
    /// The unified sources of <paramref name="vendor"/>, one per account, in account order; invalid options are a usage
    /// error naming the vendor.
    /// </summary>
    public static IReadOnlyList<IAgentStatisticsSource> Sources(IServiceProvider services, VendorDescriptor vendor)
    {
        try
        {
            return services.GetServices<IAgentStatisticsSource>().Where(s => s.Vendor == vendor.Id).ToArray();
        }
        catch (OptionsValidationException ex)
        {
            throw Invalid(vendor, ex);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is FormatException or InvalidOperationException || ex.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"{vendor.DisplayName}: {CliSession.OneLine(ex.Message)}", ex);
        }
    }

    /// <summary>The client of one account.</summary>
    public static TClient Client<TClient>(IServiceProvider services, VendorDescriptor vendor, string account)
        where TClient : notnull
    {
        try
        {
            return services.GetRequiredKeyedService<TClient>(account == AgentStatistics.DefaultAccount ? Options.DefaultName : account);
        }
        catch (OptionsValidationException ex)
        {
            throw Invalid(vendor, ex);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is FormatException or InvalidOperationException || ex.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"{vendor.DisplayName}: {CliSession.OneLine(ex.Message)}", ex);
        }
    }

    private static UsageException Invalid(VendorDescriptor vendor, OptionsValidationException ex)
    {
        var account = string.IsNullOrEmpty(ex.OptionsName) ? string.Empty : $" (account '{ex.OptionsName}')";
        return new UsageException($"{vendor.DisplayName}{account}: {string.Join(" ", ex.Failures)}", ex);
    }
}

/// <summary>Writes log entries to standard error, one line each, secrets masked (verbose mode).</summary>
internal sealed class ErrorWriterLoggerProvider(CliSession session) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(session, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CliSession session, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"[{logLevel}] {category}: {formatter(state, exception)}";
            session.WriteError(exception is null ? line : line + " " + CliSession.OneLine(exception.Message));
        }
    }
}
