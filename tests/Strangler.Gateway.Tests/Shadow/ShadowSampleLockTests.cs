using Strangler.Gateway.Diffing;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Shadow;

/// <summary>
/// A sample is built (its bodies redacted, about 100 ms a megabyte) outside the sub-domain's lock, and only when a
/// differing field still has room for one: before, every other comparison, the diff API and the rollout gates waited
/// while it was built.
/// </summary>
public sealed class ShadowSampleLockTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-04T10:00:00Z");

    [Fact]
    public void WhileASampleIsBuilt_TheSubdomainsReportIsServed()
    {
        var results = new SubdomainResults(new ShadowOptions(), At);
        var reportedMeanwhile = false;

        results.RecordCompared("GET /customers/{id}", At, TimeSpan.Zero, TimeSpan.Zero, Differing("name"), null, _ => false, () =>
        {
            // Another thread, as the diff API's or a gate's read would be: it waited for this builder's lock before.
            var report = Task.Run(() => results.Report("customers", active: true, _ => false));
            reportedMeanwhile = report.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            return Sample();
        });

        Assert.True(reportedMeanwhile, "the report was served while the sample was built");
        var field = Assert.Single(Assert.Single(results.Report("customers", active: true, _ => false).Endpoints).Fields);
        Assert.Equal(("name", 1L), (field.Path, field.Count));
        Assert.Single(field.Samples);
    }

    [Fact]
    public void OnceEveryDifferingFieldHasItsSamples_NoMoreAreBuilt_AndTheCountsGoOn()
    {
        var results = new SubdomainResults(new ShadowOptions { SamplesPerField = 2 }, At);
        var built = 0;
        for (var i = 0; i < 5; i++)
        {
            results.RecordCompared("GET /customers/{id}", At, TimeSpan.Zero, TimeSpan.Zero, Differing("name"), null, _ => false, () =>
            {
                built++;
                return Sample();
            });
        }

        // A new field has room again; an ignored one never takes a sample.
        results.RecordCompared("GET /customers/{id}", At, TimeSpan.Zero, TimeSpan.Zero, Differing("email"), null, _ => false, () =>
        {
            built++;
            return Sample();
        });
        results.RecordCompared("GET /customers/{id}", At, TimeSpan.Zero, TimeSpan.Zero, Differing("etag"), null, f => f == "etag", () =>
        {
            built++;
            return Sample();
        });

        Assert.Equal(3, built);
        var fields = Assert.Single(results.Report("customers", active: true, f => f == "etag").Endpoints).Fields.ToDictionary(f => f.Path);
        Assert.Equal((5L, 2), (fields["name"].Count, fields["name"].Samples.Count));
        Assert.Equal((1L, 1), (fields["email"].Count, fields["email"].Samples.Count));
    }

    private static AnswerComparison Differing(string field) =>
        new([new Difference("$." + field, field, DiffKind.Value, "\"a\"", "\"b\"")], TooLarge: false);

    private static ShadowSample Sample() => new(At,
        new ShadowSampleRequest("GET", "/customers/1", new Dictionary<string, string>(), null),
        new ShadowSampleAnswer(200, new Dictionary<string, string>(), "{}", false, 1),
        new ShadowSampleAnswer(200, new Dictionary<string, string>(), "{}", false, 1),
        []);
}
