namespace CallCenterStats.Cli;

/// <summary>The tool's exit codes (README, "Exit codes").</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>A vendor, network or database failure (or, for <c>demo</c>, a vendor that disagrees with the simulation).</summary>
    public const int Failure = 1;

    /// <summary>A usage error: unknown vendor, bad date, missing option, refused endpoint, bad configuration file.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT).</summary>
    public const int Cancelled = 130;
}

/// <summary>Bad input the user can fix: reported as one line, exit code <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UsageException()
    {
    }
}
