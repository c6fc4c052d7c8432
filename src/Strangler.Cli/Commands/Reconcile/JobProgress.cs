using System.Globalization;
using Spectre.Console;
using Strangler.Sync.Reconcile;

namespace Strangler.Cli.Commands.Reconcile;

/// <summary>
/// Shows a long job's progress: a live bar with the rate and the time left when the output is a terminal, plain
/// lines (<see cref="ProgressLines"/>) when it is redirected or captured, where a redrawn bar would only be noise.
/// </summary>
internal static class JobProgress
{
    /// <summary>Whether <paramref name="output"/> is a terminal that can redraw a bar.</summary>
    public static bool IsTerminal(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="job"/>, passing it the progress callback that fits <paramref name="output"/>.</summary>
    public static Task<T> RunAsync<T>(TextWriter output, string title, ProgressWords words, Func<Action<ReconcileProgress>, Task<T>> job) =>
        IsTerminal(output)
            ? RunWithBarAsync(AnsiConsole.Console, title, words, job)
            : job(new ProgressLines(output, TimeProvider.System, words).Report);

    /// <summary>Runs <paramref name="job"/> under a progress bar drawn on <paramref name="console"/>.</summary>
    public static Task<T> RunWithBarAsync<T>(IAnsiConsole console, string title, ProgressWords words, Func<Action<ReconcileProgress>, Task<T>> job)
    {
        // At 80 columns the description, a 40-column bar, the share and the time left did not fit, and Spectre cut the
        // description's end, the figures: the bar gives way first, and the title (the command line names the job) too.
        var width = console.Profile.Width;
        var bar = Math.Clamp(width - 80, 10, 40);
        var named = width >= 120 ? title : null;
        return new Progress(console)
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn { Width = bar }, new PercentageColumn(), new TimeLeftColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                task.IsIndeterminate = true;
                task.State.Update<double>(TimeLeftColumn.StateKey, _ => -1);
                var result = await job(progress => Show(task, named, words, progress));
                task.Value = task.MaxValue;
                task.State.Update<double>(TimeLeftColumn.StateKey, _ => 0);
                task.StopTask();
                return result;
            });
    }

    /// <summary>Moves the bar's <paramref name="task"/> to <paramref name="progress"/>.</summary>
    /// <param name="task">The bar's task.</param>
    /// <param name="title">The job's name to start the line with; null on a narrow terminal.</param>
    /// <param name="words">What the job counts.</param>
    /// <param name="progress">Where the job is.</param>
    public static void Show(ProgressTask task, string? title, ProgressWords words, ReconcileProgress progress)
    {
        // The total is a count taken at the start; phase 2 of a reconcile goes past it, so the bar grows.
        var total = Math.Max(progress.KeysTotal ?? 0, progress.KeysDone);
        task.IsIndeterminate = progress.KeysTotal is null;
        task.MaxValue = Math.Max(total, 1);
        task.Value = progress.KeysDone;
        task.State.Update<double>(TimeLeftColumn.StateKey, _ => JobTimeLeft.Of(progress)?.TotalSeconds ?? -1);
        // The total as the plain lines give it, estimate marked; past it (a reconcile's second phase) the count stands alone.
        var of = progress.KeysTotal is { } t && progress.KeysDone <= t ? $"/{(progress.TotalEstimated ? "~" : "")}{t}" : string.Empty;
        var named = title is null ? string.Empty : title + " ";
        // While the job waits for the store, what it waits for stands in for the figures that do not move.
        var figures = progress.Waiting ?? string.Create(CultureInfo.InvariantCulture, $"{words.Counted(progress.Findings)}, {progress.KeysPerSecond:F0} keys/s");
        // Before it knows its keys (opening the store), only what it waits for.
        var keys = progress is { KeysDone: 0, KeysTotal: null, Waiting: not null } ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"{progress.KeysDone}{of} keys, ");
        task.Description = Markup.Escape($"{named}{progress.Phase}: {keys}{figures}");
    }
}
