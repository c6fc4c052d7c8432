using System.Text.RegularExpressions;
using Spectre.Console;
using Spectre.Console.Rendering;
using Strangler.Cli.Commands.Reconcile;
using Strangler.Sync.Reconcile;

namespace Strangler.Cli.Tests.Commands.Reconcile;

public sealed class JobProgressTests
{
    [Fact]
    public async Task Captured_output_gets_plain_lines_not_a_bar()
    {
        var output = new StringWriter();
        Assert.False(JobProgress.IsTerminal(output));

        var result = await JobProgress.RunAsync(output, "reconcile crm", ProgressWords.Reconcile, progress =>
        {
            progress(new ReconcileProgress("legacy keys", 500, 1000, 2, 250));
            return Task.FromResult(7);
        });

        Assert.Equal(7, result);
        Assert.Equal("legacy keys: 500/1000 keys (50%), 2 findings, 250 keys/s, about 00:00:02 left" + Environment.NewLine, output.ToString());
    }

    [Theory]
    [InlineData(0L, 0L, "legacy keys: starting, 1000 keys to check")]
    [InlineData(400L, 3L, "legacy keys: resuming after 400/1000 keys, 3 findings so far")]
    public void The_report_before_the_first_batch_says_the_job_starts_or_resumes(long done, long findings, string line)
    {
        var output = new StringWriter();

        new ProgressLines(output, TimeProvider.System, ProgressWords.Reconcile).Report(new ReconcileProgress("legacy keys", done, 1000, findings, 0));

        Assert.Equal(line + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void Keys_past_the_counted_total_print_without_it()
    {
        var output = new StringWriter();

        // The demo's reconcile after a lost customer: 5 legacy keys counted, then 6 store ids read in phase 2.
        new ProgressLines(output, TimeProvider.System, ProgressWords.Reconcile).Report(new ReconcileProgress("store ids", 11, 5, 1, 4));

        Assert.Equal("store ids: 11 keys, 1 finding, 4 keys/s" + Environment.NewLine, output.ToString());
    }

    [Theory]
    // Bug: a load's first line said "keys to check", and its keys that could not be loaded were "findings".
    [InlineData(0L, 0L, 0d, "rows: starting, 1000 keys to load")]
    [InlineData(400L, 3L, 0d, "rows: resuming after 400/1000 keys, 3 errors so far")]
    [InlineData(400L, 3L, 250d, "rows: 400/1000 keys (40%), 3 errors, 250 keys/s, about 00:00:03 left")]
    public void A_load_says_keys_to_load_and_counts_errors(long done, long errors, double rate, string line)
    {
        var output = new StringWriter();

        new ProgressLines(output, TimeProvider.System, ProgressWords.Load).Report(new ReconcileProgress("rows", done, 1000, errors, rate));

        Assert.Equal(line + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void A_piped_overnight_job_says_how_long_it_has_left_in_hours_past_a_day()
    {
        var output = new StringWriter();

        // 10 million keys to go at 100 a second: 27 h 46 min 40 s.
        new ProgressLines(output, TimeProvider.System, ProgressWords.Load).Report(new ReconcileProgress("rows", 1_000_000, 11_000_000, 0, 100));

        Assert.Equal("rows: 1000000/11000000 keys (9%), 0 errors, 100 keys/s, about 27:46:40 left" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void A_resumed_job_s_bar_tells_the_time_left_from_this_run_s_rate()
    {
        var written = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(written),
        });
        var task = new ProgressTask(0, "load crm", 1);

        // Bug: Spectre's remaining-time column took the earlier run's 900,000 keys, reported at once, for this run's
        // speed, and a resumed load said 2 min 19 s left at 12 % where it needed 5 more.
        JobProgress.Show(task, "load crm", ProgressWords.Load, new ReconcileProgress("rows", 900_000, 1_000_000, 0, 0));
        JobProgress.Show(task, "load crm", ProgressWords.Load, new ReconcileProgress("rows", 901_000, 1_000_000, 0, 10));
        console.Write(new TimeLeftColumn().Render(RenderOptions.Create(console), task, TimeSpan.Zero));

        Assert.Equal("02:45:00", written.ToString().Trim()); // 99,000 keys at 10 a second
    }

    [Fact]
    public async Task A_terminal_gets_a_bar_with_the_rate_and_the_share_done()
    {
        var written = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(written),
        });

        console.Profile.Width = 120;

        await JobProgress.RunWithBarAsync(console, "load crm", ProgressWords.Load, progress =>
        {
            progress(new ReconcileProgress("rows", 0, 1000, 0, 0));
            progress(new ReconcileProgress("rows", 400, 1000, 1, 1234));
            return Task.FromResult(0);
        });

        var text = written.ToString();
        Assert.Contains("load crm rows: 400/1000 keys, 1 error, 1234 keys/s", text, StringComparison.Ordinal);
        Assert.Contains("100%", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_80_column_terminal_keeps_the_figures_the_total_and_the_time_left()
    {
        var written = new StringWriter();
        var console = Terminal(written, width: 80);

        // Bug: the title, the figures and a 40-column bar did not fit in 80 columns, and Spectre cut the figures.
        await JobProgress.RunWithBarAsync(console, "reconcile customers-projection", ProgressWords.Reconcile, progress =>
        {
            progress(new ReconcileProgress("legacy keys", 53_000, 1_000_000, 0, 2303));
            return Task.FromResult(0);
        });

        // The last frame: the job done, its figures whole on one line of at most 80 columns.
        var line = Lines(written).Last(l => l.Contains("legacy keys", StringComparison.Ordinal));
        Assert.Contains("legacy keys: 53000/1000000 keys, 0 findings, 2303 keys/s", line, StringComparison.Ordinal);
        Assert.Contains("100%", line, StringComparison.Ordinal);
        Assert.True(line.TrimEnd().Length <= 80, line);
    }

    [Fact]
    public void The_bar_marks_an_estimated_total()
    {
        var task = new ProgressTask(0, "reconcile crm", 1);

        JobProgress.Show(task, null, ProgressWords.Reconcile, new ReconcileProgress("legacy keys", 53_000, 50_000_000, 0, 2303) { TotalEstimated = true });

        Assert.Equal("legacy keys: 53000/~50000000 keys, 0 findings, 2303 keys/s", task.Description);
    }

    [Theory]
    [InlineData(0L, 0d, "legacy keys: starting, about 50000000 keys to check (the database's estimate, not a count)")]
    [InlineData(5_000_000L, 2000d, "legacy keys: 5000000/~50000000 keys (10%), 0 findings, 2000 keys/s, about 06:15:00 left")]
    // More keys than the estimate: the count stands alone, never past 100 % nor a time left below zero.
    [InlineData(50_000_100L, 2000d, "legacy keys: 50000100 keys, 0 findings, 2000 keys/s")]
    public void Lines_say_an_estimated_total_is_one(long done, double rate, string line)
    {
        var output = new StringWriter();

        new ProgressLines(output, TimeProvider.System, ProgressWords.Reconcile)
            .Report(new ReconcileProgress("legacy keys", done, 50_000_000, 0, rate) { TotalEstimated = true });

        Assert.Equal(line + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void A_job_kept_out_of_the_store_says_what_it_waits_for_in_place_of_figures_that_do_not_move()
    {
        // Bug: a reconcile beside a sync worker showed "0/1000000 keys, 0 findings, 0 keys/s" for 40 s.
        const string waiting = "waiting 12 s for the store file /srv/crm/crm.db: another process holds it (a sync worker, the new service) or it is slow to answer";
        var progress = new ReconcileProgress("legacy keys", 0, 1_000_000, 0, 0) { Waiting = waiting };
        var output = new StringWriter();
        var task = new ProgressTask(0, "reconcile crm", 1);

        new ProgressLines(output, TimeProvider.System, ProgressWords.Reconcile).Report(progress);
        JobProgress.Show(task, null, ProgressWords.Reconcile, progress);

        Assert.Equal($"legacy keys: 0/1000000 keys, {waiting}" + Environment.NewLine, output.ToString());
        Assert.Equal($"legacy keys: 0/1000000 keys, {waiting}", task.Description);
    }

    [Fact]
    public void A_job_waiting_to_open_the_store_says_only_that_and_its_first_figures_still_show_at_once()
    {
        // The store is opened before the job knows its keys: no "0 keys" to show, and the line that follows (the total
        // to do, right after the file was let go) is not held back as a repeat within 2 s.
        const string waiting = "waiting 4 s for the store file /srv/crm/crm.db: another process holds it (a sync worker, the new service) or it is slow to answer";
        var opening = new ReconcileProgress("legacy keys", 0, null, 0, 0) { Waiting = waiting };
        var output = new StringWriter();
        var task = new ProgressTask(0, "reconcile crm", 1);
        var lines = new ProgressLines(output, TimeProvider.System, ProgressWords.Reconcile);

        lines.Report(opening);
        lines.Report(new ReconcileProgress("legacy keys", 0, 6, 0, 0));
        JobProgress.Show(task, null, ProgressWords.Reconcile, opening);

        Assert.Equal([$"legacy keys: {waiting}", "legacy keys: starting, 6 keys to check", ""], output.ToString().Split(Environment.NewLine));
        Assert.Equal($"legacy keys: {waiting}", task.Description);
    }

    private static IAnsiConsole Terminal(StringWriter written, int width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(written),
        });
        console.Profile.Width = width;
        return console;
    }

    // The frames as a terminal shows them: the cursor moves and erasures taken out.
    private static IEnumerable<string> Lines(StringWriter written) =>
        Regex.Replace(written.ToString(), @"\x1b\[[0-9;?]*[A-Za-z]", "\n").Split('\n').Select(l => l.TrimEnd('\r'));
}
