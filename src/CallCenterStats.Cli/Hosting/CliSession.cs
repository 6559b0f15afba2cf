using System.CommandLine;
using System.Text;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Sync;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace CallCenterStats.Cli;

/// <summary>
/// One run of the tool: its console, whether it is verbose, the secrets it has seen (masked in everything it writes to
/// standard error), and the one place where failures become one line and an exit code.
/// </summary>
internal sealed class CliSession
{
    private readonly Lock _errorLock = new();
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);
    private Redaction _redaction = Redaction.None;

    public CliSession(CliConsole console)
    {
        Console = console;
        Out = new StreamWriter(console.StandardOutput, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 4096, leaveOpen: true)
        {
            AutoFlush = true,
            NewLine = "\n",
        };
    }

    /// <summary>The console.</summary>
    public CliConsole Console { get; }

    /// <summary>Standard output as text (flushed after each write, so it can be mixed with writes to the stream).</summary>
    public TextWriter Out { get; }

    /// <summary><c>--verbose</c>, on every command.</summary>
    public Option<bool> VerboseOption { get; } = new("--verbose")
    {
        Description = "Also print the SDK's logs and, for an error, its stack trace, on standard error (secrets stay masked).",
        Recursive = true,
    };

    /// <summary>Whether <c>--verbose</c> was given: SDK logs and stack traces on standard error (secrets still masked).</summary>
    public bool Verbose { get; set; }

    /// <summary>Remembers secret values (passwords, tokens, keys) so that nothing written to standard error shows them.</summary>
    public void AddSecrets(IEnumerable<string?> secrets)
    {
        lock (_errorLock)
        {
            var added = false;
            foreach (var secret in secrets)
            {
                if (!string.IsNullOrEmpty(secret))
                {
                    added |= _secrets.Add(secret);
                }
            }

            if (added)
            {
                _redaction = new Redaction(_secrets);
            }
        }
    }

    /// <summary>Masks every known secret in <paramref name="text"/>.</summary>
    public string Redact(string text)
    {
        lock (_errorLock)
        {
            return _redaction.Apply(text) ?? string.Empty;
        }
    }

    /// <summary>Writes a line to standard error, secrets masked.</summary>
    public void WriteError(string line)
    {
        lock (_errorLock)
        {
            Console.StandardError.WriteLine(_redaction.Apply(line));
            Console.StandardError.Flush();
        }
    }

    /// <summary>
    /// Runs a command's work and turns its outcome into an exit code: usage errors 2, vendor, network and database failures 1,
    /// Ctrl+C 130, each reported as one line on standard error (with the stack trace only when verbose).
    /// </summary>
    public async Task<int> RunAsync(ParseResult parse, Func<CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        Verbose = parse.GetValue(VerboseOption);
        try
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            WriteError("ccstats: stopped.");
            return ExitCodes.Cancelled;
        }
        catch (UsageException ex)
        {
            return Fail(ex, ex.Message, ExitCodes.Usage);
        }
        catch (OptionsValidationException ex)
        {
            return Fail(ex, string.Join(" ", ex.Failures), ExitCodes.Usage);
        }
        catch (ArgumentException ex)
        {
            // Raised before any I/O by the SDK for a request it cannot make (a bucket a vendor cannot produce, a missing filter).
            return Fail(ex, ex.Message, ExitCodes.Usage);
        }
        catch (SyncException ex)
        {
            // The database could not be reached or written, or holds a schema or scope this run cannot use.
            return Fail(ex, ex.Message, ExitCodes.Failure);
        }
        catch (VendorApiException ex)
        {
            return Fail(ex, ex.Message, ExitCodes.Failure);
        }
        catch (HttpRequestException ex)
        {
            return Fail(ex, "network failure: " + ex.Message, ExitCodes.Failure);
        }
        catch (IOException ex)
        {
            return Fail(ex, ex.Message, ExitCodes.Failure);
        }
        catch (UnauthorizedAccessException ex)
        {
            return Fail(ex, ex.Message, ExitCodes.Failure);
        }
#pragma warning disable CA1031 // The tool's last line of defence: one line and exit 1, never a crash dump.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Fail(ex, $"unexpected failure ({ex.GetType().Name}): {ex.Message}", ExitCodes.Failure);
        }
    }

    private int Fail(Exception exception, string message, int exitCode)
    {
        WriteError("ccstats: error: " + OneLine(message));
        if (Verbose)
        {
            WriteError(exception.ToString());
        }

        return exitCode;
    }

    /// <summary>Collapses a message to one line.</summary>
    public static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>A Spectre console over standard output (or a file) for tables: no colours, wide when not a terminal.</summary>
    public static IAnsiConsole CreateTableConsole(TextWriter writer, int? width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        // Not a terminal: no width to fit, so tables keep their natural width instead of squeezing columns.
        console.Profile.Width = width ?? 4096;
        console.Profile.Encoding = new UTF8Encoding(false);
        return console;
    }

    /// <summary>A Spectre console over standard error for progress, when standard error is a terminal; otherwise null.</summary>
    public IAnsiConsole? CreateProgressConsole()
    {
        if (!Console.IsErrorTerminal)
        {
            return null;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(Console.StandardError),
        });
        if (Console.TerminalWidth is { } width)
        {
            console.Profile.Width = width;
        }

        return console;
    }
}
