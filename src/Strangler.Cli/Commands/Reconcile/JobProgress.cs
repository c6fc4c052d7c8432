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
    public static Task<T> RunWithBarAsync<T>(IAnsiConsole console, string title, ProgressWords words, Func<Action<ReconcileProgress>, Task<T>> job) =>
        new Progress(console)
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TimeLeftColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                task.IsIndeterminate = true;
                task.State.Update<double>(TimeLeftColumn.StateKey, _ => -1);
                var result = await job(progress => Show(task, title, words, progress));
                task.Value = task.MaxValue;
                task.State.Update<double>(TimeLeftColumn.StateKey, _ => 0);
                task.StopTask();
                return result;
            });

    /// <summary>Moves the bar's <paramref name="task"/> to <paramref name="progress"/>.</summary>
    public static void Show(ProgressTask task, string title, ProgressWords words, ReconcileProgress progress)
    {
        // The total is a count taken at the start; phase 2 of a reconcile goes past it, so the bar grows.
        var total = Math.Max(progress.KeysTotal ?? 0, progress.KeysDone);
        task.IsIndeterminate = progress.KeysTotal is null;
        task.MaxValue = Math.Max(total, 1);
        task.Value = progress.KeysDone;
        task.State.Update<double>(TimeLeftColumn.StateKey, _ => JobTimeLeft.Of(progress)?.TotalSeconds ?? -1);
        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{title} {progress.Phase}: {progress.KeysDone} keys, {progress.Findings} {words.Counted}, {progress.KeysPerSecond:F0} keys/s"));
    }
}
