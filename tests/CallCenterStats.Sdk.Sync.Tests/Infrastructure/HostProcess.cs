using System.Diagnostics;
using CallCenterStats.Sdk.Sync.TestHost;

namespace CallCenterStats.Sdk.Sync.Tests.Infrastructure;

/// <summary>How a run of the child process ended.</summary>
/// <param name="Killed">Whether the test killed it (at <paramref name="Checkpoint"/>).</param>
/// <param name="Checkpoint">The checkpoint it was paused and killed at (e.g. <c>store 7 rows 50</c>), or null.</param>
/// <param name="Output">Everything it printed.</param>
public sealed record HostRun(bool Killed, string? Checkpoint, string Output);

/// <summary>
/// Runs a <see cref="SyncJob"/> in a child process (<c>CallCenterStats.Sdk.Sync.TestHost</c>), optionally blocking it at a
/// checkpoint and killing it there: a real process kill, with the database transaction open or not.
/// </summary>
public static class HostProcess
{
    public static async Task<HostRun> RunAsync(string jobFile, bool resume, string? pauseAt, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // A short-lived child: no profile-guided instrumentation, a little less start-up work.
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CallCenterStats.Sdk.Sync.TestHost.dll"));
        start.ArgumentList.Add(jobFile);
        if (resume)
        {
            start.ArgumentList.Add("--resume");
        }

        if (pauseAt is not null)
        {
            start.ArgumentList.Add("--pause-at");
            start.ArgumentList.Add(pauseAt);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The host did not start.");
        var output = new System.Text.StringBuilder();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                output.AppendLine(line);
                if (line.StartsWith("paused ", StringComparison.Ordinal))
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None);
                    return new HostRun(true, line["paused ".Length..], output.ToString());
                }
            }

            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The sync host did not finish within {timeout}: {output}{await error}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The sync host failed ({process.ExitCode}): {output}{await error}");
        }

        return new HostRun(false, null, output.ToString());
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
}
