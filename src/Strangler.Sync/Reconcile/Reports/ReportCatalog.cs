using Microsoft.Extensions.Options;
using Strangler.Sync.Hosting;
using Strangler.Sync.Projection;

namespace Strangler.Sync.Reconcile.Reports;

/// <summary>What the report endpoints serve: the projections this worker knows, their reports, and the cursor codec.</summary>
internal sealed class ReportCatalog(IOptions<ReportsOptions> options, IOptions<SyncOptions> sync, IEnumerable<IProjectionMapping> mappings)
{
    private readonly Lazy<IReadOnlyList<string>> _projections = new(() =>
        [.. sync.Value.Projections.Select(p => p.Name), .. mappings.Select(m => m.Define().Name)]);

    private readonly Lazy<ReportCursorCodec> _cursors = new(() => new ReportCursorCodec(options.Value.AccessToken
        ?? throw new InvalidOperationException($"{ReportsOptions.SectionName}:AccessToken is not set")));

    /// <summary>Projections from configuration, then from mapping classes.</summary>
    public IReadOnlyList<string> Projections => _projections.Value;

    public ReportDirectory Directory { get; } = new(options.Value.Directory ?? ".");

    public ReportCursorCodec Cursors => _cursors.Value;

    /// <summary>
    /// Opens a report for reading, shared for writing because its job may be appending to it right now. A seam for the
    /// test that watches how far the worker has read while a client holds back.
    /// </summary>
    internal Func<string, Stream> OpenRead { get; set; } = path =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous);
}
