using Spectre.Console;
using Spectre.Console.Rendering;

namespace Strangler.Cli.Commands.Reconcile;

/// <summary>The bar's time left, as <see cref="JobTimeLeft"/> computed it from the job's own rate (stored on the task).</summary>
internal sealed class TimeLeftColumn : ProgressColumn
{
    /// <summary>The task state key holding the seconds left; negative while unknown.</summary>
    public const string StateKey = "strangler.secondsLeft";

    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        var seconds = task.State.Get<double>(StateKey);
        return seconds < 0
            ? new Spectre.Console.Text("--:--:--", Style.Plain)
            : new Spectre.Console.Text(JobTimeLeft.Text(TimeSpan.FromSeconds(seconds)), new Style(Color.Blue));
    }
}
