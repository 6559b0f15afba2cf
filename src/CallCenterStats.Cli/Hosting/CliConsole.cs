using System.Text;
using NodaTime;

namespace CallCenterStats.Cli;

/// <summary>
/// What the tool reads and writes outside itself: standard output (a stream, since the CSV and JSON writers write
/// bytes), standard error, the environment the working directory and the clock. Injected, so that tests call the tool in-process
/// and in parallel without touching the process's console or environment.
/// </summary>
internal sealed class CliConsole
{
    /// <summary>Standard output: only the data asked for.</summary>
    public required Stream StandardOutput { get; init; }

    /// <summary>Standard error: diagnostics, and progress when it is a terminal.</summary>
    public required TextWriter StandardError { get; init; }

    /// <summary>Reads an environment variable (null when unset).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = static _ => null;

    /// <summary>Whether standard error is a terminal (progress is shown only then).</summary>
    public bool IsErrorTerminal { get; init; }

    /// <summary>Whether standard output is a terminal (tables take its width then).</summary>
    public bool IsOutputTerminal { get; init; }

    /// <summary>The terminal's width in columns, when known.</summary>
    public int? TerminalWidth { get; init; }

    /// <summary>The clock that says now (<c>ccstats sync</c>: where a run ends, which periods are provisional).</summary>
    public IClock Clock { get; init; } = SystemClock.Instance;

    /// <summary>The directory relative paths are read against.</summary>
    public string CurrentDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>The process's console and environment.</summary>
    public static CliConsole FromSystemConsole()
    {
        int? width = null;
        try
        {
            width = Console.IsOutputRedirected ? null : Console.WindowWidth;
        }
        catch (IOException)
        {
        }

        return new CliConsole
        {
            StandardOutput = Console.OpenStandardOutput(),
            StandardError = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true },
            GetEnvironmentVariable = Environment.GetEnvironmentVariable,
            IsErrorTerminal = !Console.IsErrorRedirected,
            IsOutputTerminal = !Console.IsOutputRedirected,
            TerminalWidth = width is > 0 ? width : null,
        };
    }
}
