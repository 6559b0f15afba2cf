using Spectre.Console;

namespace CallCenterStats.Cli.Output;

/// <summary>One line of progress (a vendor, an account): a description and a count of rows.</summary>
internal interface IProgressLine
{
    void Update(string description);

    void Done(string description);
}

/// <summary>
/// Progress on standard error, drawn by Spectre.Console only when standard error is a terminal; otherwise nothing
/// (a log or a pipe gets no spinner frames).
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/> with progress lines when the session may show them.</summary>
    public static async Task<T> RunAsync<T>(CliSession session, bool allowed, Func<Func<string, IProgressLine>, Task<T>> work)
    {
        var console = allowed ? session.CreateProgressConsole() : null;
        if (console is null)
        {
            return await work(_ => NoLine.Instance).ConfigureAwait(false);
        }

        return await console.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ElapsedTimeColumn())
            .StartAsync(ctx => work(description => new SpectreLine(ctx.AddTask(Markup.Escape(description), autoStart: true, maxValue: 1))))
            .ConfigureAwait(false);
    }

    private sealed class NoLine : IProgressLine
    {
        public static readonly NoLine Instance = new();

        public void Update(string description)
        {
        }

        public void Done(string description)
        {
        }
    }

    private sealed class SpectreLine(ProgressTask task) : IProgressLine
    {
        public void Update(string description) => task.Description = Markup.Escape(description);

        public void Done(string description)
        {
            task.Description = Markup.Escape(description);
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }
}
