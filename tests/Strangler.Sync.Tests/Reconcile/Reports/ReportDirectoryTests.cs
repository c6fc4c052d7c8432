using Strangler.Sync.Reconcile;
using Strangler.Sync.Reconcile.Reports;

namespace Strangler.Sync.Tests.Reconcile.Reports;

/// <summary>Which file a reconcile job writes in the reports directory, and which run the worker serves.</summary>
public sealed class ReportDirectoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("strangler-report-dir-").FullName;

    [Fact]
    public void A_job_resumes_the_unfinished_run_in_its_own_file_and_starts_a_new_file_after_a_finished_one()
    {
        var reports = new ReportDirectory(_root);
        var now = new DateTimeOffset(2026, 11, 30, 21, 0, 0, TimeSpan.Zero);
        Assert.Null(reports.Latest("crm-customers"));

        var first = reports.PathForJob("crm-customers", restart: false, now);
        Run(first, phase: 1);
        Assert.Equal(first, reports.PathForJob("crm-customers", restart: false, now.AddMinutes(1)));
        var restarted = reports.PathForJob("crm-customers", restart: true, now.AddMinutes(1));
        Assert.NotEqual(first, restarted);

        Run(first, phase: 3);
        var second = reports.PathForJob("crm-customers", restart: false, now.AddMinutes(2));
        Assert.NotEqual(first, second);
        Assert.Equal(Path.GetFileNameWithoutExtension(first), reports.Latest("crm-customers")!.Name);
        Run(second, phase: 2);

        var latest = reports.Latest("crm-customers")!;
        Assert.Equal(second, latest.Path);
        Assert.Equal("running", latest.State);
        Assert.StartsWith("20261130T210200000Z-", latest.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_its_checkpoint_or_with_another_projections_is_not_served()
    {
        var reports = new ReportDirectory(_root);
        var served = reports.PathForJob("crm-customers", restart: false, DateTimeOffset.UnixEpoch);
        Run(served, phase: 3);
        var starting = reports.PathForJob("crm-customers", restart: false, DateTimeOffset.UnixEpoch.AddHours(1));
        File.WriteAllText(starting, "");
        var foreign = reports.PathForJob("crm-customers", restart: false, DateTimeOffset.UnixEpoch.AddHours(2));
        Run(foreign, phase: 3, projection: "orders");

        Assert.Equal(served, reports.Latest("crm-customers")!.Path);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("..")]
    [InlineData("a/b\\c")]
    public void A_projection_name_cannot_lead_out_of_the_reports_directory(string projection)
    {
        var folder = new ReportDirectory(_root).FolderOf(projection);

        Assert.Equal(_root, Path.GetDirectoryName(Path.GetFullPath(folder)));
    }

    [Fact]
    public void Bad_settings_are_all_named_without_showing_the_token()
    {
        var result = new ReportsOptionsValidator().Validate(null, new ReportsOptions
        {
            Directory = "", AccessToken = "short\nsecret", AuthFailureLimit = 0, AuthFailureWindow = TimeSpan.Zero,
        });

        Assert.Equal(
            ["Strangler:Sync:Reports:Directory: '' is not a usable path",
             "Strangler:Sync:Reports:AccessToken: must be at least 16 characters (the token is not shown)",
             "Strangler:Sync:Reports:AccessToken: must be printable ASCII (no line breaks or control characters; the token is not shown)",
             "Strangler:Sync:Reports:AuthFailureLimit: must be at least 1 (was 0)",
             "Strangler:Sync:Reports:AuthFailureWindow: must be positive (was 00:00:00)"],
            result.Failures);
        Assert.True(new ReportsOptionsValidator().Validate(null, new ReportsOptions { Directory = _root, AccessToken = new string('t', 16) }).Succeeded);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static void Run(string path, int phase, string projection = "crm-customers")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        new Checkpoint { Projection = projection, Phase = phase }.Save(Reconciler.CheckpointPath(path));
    }
}
