namespace CallCenterStats.Cli.Output;

/// <summary>
/// Where a command's data goes: standard output, or the <c>--output</c> file. A file is written under a temporary name
/// beside it and renamed when complete, so a failed or interrupted pull never leaves a partial file that looks whole.
/// </summary>
internal sealed class OutputTarget : IAsyncDisposable
{
    private readonly string? _path;
    private readonly string? _temporary;
    private bool _committed;

    private OutputTarget(Stream stream, string? path, string? temporary)
    {
        Stream = stream;
        _path = path;
        _temporary = temporary;
    }

    /// <summary>The stream to write the data to.</summary>
    public Stream Stream { get; }

    /// <summary>Whether the data goes to standard output.</summary>
    public bool IsStandardOutput => _path is null;

    /// <summary>Opens the target: <paramref name="path"/>, or standard output when null.</summary>
    public static OutputTarget Open(CliSession session, string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "-")
        {
            return new OutputTarget(session.Console.StandardOutput, null, null);
        }

        var full = Path.GetFullPath(path, session.Console.CurrentDirectory);
        if (Directory.Exists(full))
        {
            throw new UsageException($"--output: '{path}' is a folder; give a file name.");
        }

        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"--output: the folder '{directory}' does not exist.");
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        return new OutputTarget(new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true), full, temporary);
    }

    /// <summary>Marks the data complete: the file takes its final name when disposed.</summary>
    public void Commit() => _committed = true;

    public async ValueTask DisposeAsync()
    {
        if (_path is null)
        {
            await Stream.FlushAsync().ConfigureAwait(false);
            return;
        }

        await Stream.DisposeAsync().ConfigureAwait(false);
        if (_committed)
        {
            File.Move(_temporary!, _path, overwrite: true);
        }
        else
        {
            File.Delete(_temporary!);
        }
    }
}
