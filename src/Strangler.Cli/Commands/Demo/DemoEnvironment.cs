using System.Security.Cryptography;
using Samples.CustomersService;
using Samples.LegacyMonolith;
using Strangler.Cli.Errors;
using Strangler.Cli.Hosting;
using Strangler.Gateway;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Migrations;
using Strangler.Sync.Hosting;

namespace Strangler.Cli.Commands.Demo;

/// <summary>
/// The running demo: the legacy monolith, the sync worker (capture, projection and backfill over an in-process Kafka
/// mock cluster), the new Customers service and the gateway in front, each a real Kestrel host in this process.
/// Disposing stops them all.
/// </summary>
internal sealed class DemoEnvironment : IAsyncDisposable
{
    private readonly List<(string Name, WebApplication App)> _apps = [];
    private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _statusToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private DemoEnvironment(DemoSettings settings)
    {
        Settings = settings;
        AdminToken = settings.AdminToken ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var paths = new DemoPaths(settings.WorkDirectory);
        RoutesDirectory = paths.RoutesDirectory;
        LegacyDatabase = paths.LegacyDatabase;
        CustomersDatabase = paths.CustomersDatabase;
        LegacyConnectionString = paths.LegacyConnectionString;
    }

    public DemoSettings Settings { get; }

    public string AdminToken { get; }

    public string RoutesDirectory { get; }

    public string LegacyDatabase { get; }

    public string CustomersDatabase { get; }

    /// <summary>The monolith's SQLite database, as the capture, the backfill and the key allocator open it.</summary>
    public string LegacyConnectionString { get; }

    public Uri Sync { get; private set; } = null!;

    /// <summary>The Kafka the worker, the capture and the service's outbox share (the worker's mock cluster).</summary>
    public string KafkaServers { get; private set; } = "";

    /// <summary>The worker's loggers, which the demo's own Kafka clients log to (as the worker's lines, warnings up).</summary>
    public ILoggerFactory KafkaLoggers { get; private set; } = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;

    public Uri Gateway { get; private set; } = null!;

    public Uri Legacy { get; private set; } = null!;

    public Uri Customers { get; private set; } = null!;

    /// <summary>The monolith's rows queued for the projection as the demo started.</summary>
    public SnapshotCounts Snapshot { get; private set; } = new(0, 0);

    public int SnapshotCustomers => Snapshot.Customers;

    /// <summary>
    /// Completes when any of the hosts begins to stop. Each host handles SIGINT/SIGTERM itself (stopping only
    /// itself), so the demo waits on this as well as on its own cancellation to end as a whole.
    /// </summary>
    public Task Stopping => _stopping.Task;

    public static async Task<DemoEnvironment> StartAsync(DemoSettings settings, CancellationToken cancellationToken)
    {
        var environment = new DemoEnvironment(settings);
        try
        {
            await environment.StartCoreAsync(cancellationToken);
            return environment;
        }
        catch
        {
            try
            {
                await environment.DisposeAsync();
            }
            catch (DemoException)
            {
                // The failure to start is the one to report; a host that then also fails to stop adds nothing to it.
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Gateway first, so nothing is routed to an upstream that is already gone. One host failing to stop must not
        // leave the others running: each is stopped, and the failures are reported together at the end.
        var failures = new List<Exception>();
        for (var i = _apps.Count - 1; i >= 0; i--)
        {
            var (name, app) = _apps[i];
            try
            {
                // Stop before dispose: the outbox relay and the sync consumers must be done with the shared LiteDB
                // file before its database object is disposed (LiteDB's shared mode holds a thread-affine mutex per call).
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
            }
            catch (Exception ex)
            {
                failures.Add(new InvalidOperationException($"The {name} did not stop cleanly: {ex.Message}", ex));
            }
        }

        _apps.Clear();
        if (failures.Count > 0)
        {
            throw new DemoException(
                string.Join(Environment.NewLine, failures.Select(f => f.Message)), new AggregateException(failures));
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Settings.WorkDirectory);
        Legacy = await StartAsync("legacy monolith", Settings.LegacyPort, LegacyMonolithApp.Build,
            [$"--LegacyMonolith:DatabasePath={LegacyDatabase}"], cancellationToken);
        await LegacyKeySeriesCheck.EnsureAsync(LegacyConnectionString, LegacyDatabase, cancellationToken);
        await new MigrationRunner(SqlDialects.For(LegacyProvider.Sqlite), TimeProvider.System)
            .ApplyAsync(LegacyConnectionString, MigrationSource.Embedded(LegacyProvider.Sqlite), cancellationToken);
        Snapshot = await LegacySnapshot.QueueAsync(LegacyConnectionString, cancellationToken);
        var syncSettings = DemoSyncConfiguration.For(LegacyConnectionString, CustomersDatabase);
        syncSettings["Strangler:Sync:StatusToken"] = _statusToken;
        Sync = await StartAsync("sync worker", Settings.SyncPort,
            args => SyncApplication.Build(args, builder => builder.Configuration.AddInMemoryCollection(syncSettings)),
            [], cancellationToken);
        KafkaServers = _apps[^1].App.KafkaServers();
        KafkaLoggers = _apps[^1].App.Services.GetRequiredService<ILoggerFactory>();
        DemoEventsTopic.Create(KafkaServers, DemoSyncConfiguration.EventsTopic, KafkaLoggers);
        Customers = await StartAsync("customers service", Settings.CustomersPort, CustomersServiceApp.Build,
            [
                $"--CustomersService:DatabasePath={CustomersDatabase}",
                $"--CustomersService:LegacyKeysConnectionString={LegacyConnectionString}",
                $"--Strangler:Outbox:BootstrapServers={KafkaServers}",
                $"--Strangler:Outbox:Topic={DemoSyncConfiguration.EventsTopic}",
                "--Strangler:Outbox:PollInterval=00:00:00.100",
                // The walkthrough's last step tells the service to fail, to show a rollout rolling back.
                "--CustomersService:FaultsEndpoint=true",
            ],
            cancellationToken);
        await ProjectionWait.UntilAsync(this, Snapshot, ProjectionWait.Default, cancellationToken);

        await DemoRoutes.CopyAsync(Settings.RoutesSource, RoutesDirectory, Legacy, Customers, cancellationToken);
        Gateway = await StartAsync("gateway", Settings.GatewayPort, args => GatewayApplication.Build(args),
            [
                $"--Strangler:Gateway:RoutesDirectory={RoutesDirectory}",
                $"--Strangler:Gateway:AdminToken={AdminToken}",
                $"--Strangler:Gateway:DefaultUpstream={Legacy}",
                $"--Strangler:Gateway:ServedByHeader={Settings.ServedByHeader}",
                $"--Strangler:Dashboard:SyncStatusUrls:0={Sync}",
                // So that the dashboard, behind its sign-in, shows the sync worker's error texts.
                $"--Strangler:Dashboard:SyncStatusToken={_statusToken}",
                // A per-run key, so tester-override tokens work for the demo's lifetime and never after.
                $"--Strangler:Gateway:OverrideSigningKey={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}",
                // The demo's five parts share one process and one thread pool, so the wait that makes shadows give
                // way would measure the monolith's and the service's work too: a burst of demo traffic on a busy
                // laptop dropped nine shadows in ten. The demo shows every shadow instead.
                "--Strangler:Gateway:Shadow:BusyThreshold=00:00:00",
            ],
            cancellationToken);
    }

    private async Task<Uri> StartAsync(
        string name, int port, Func<string[], WebApplication> build, string[] args, CancellationToken cancellationToken)
    {
        if (PortProbe.WhyTaken(port) is { } taken)
        {
            throw PortTaken(name, port, taken, null);
        }

        WebApplication app;
        try
        {
            app = build([
                $"--urls=http://127.0.0.1:{port}",
                // Four hosts share one console: only warnings and errors, so the demo's own instructions stay readable.
                "--Logging:LogLevel:Default=Warning",
                // The gateway's defaults log its start ("Now listening on", "Hosting environment") for a real
                // deployment; in the demo they came before the demo's own instructions.
                "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
                // But every flip, rollback and rollout step, with its reason, as the README promises "the log line of
                // the change": one line each, only when someone acts.
                "--Logging:LogLevel:Strangler.Gateway.Admin.RouteAdmin=Information",
                "--Logging:LogLevel:Strangler.Gateway.Rollout.Notifications.RolloutNotifier=Information",
                .. args,
            ]);
            try
            {
                // The demo's own settings are held to what the hosts read, as each host command's are.
                UnknownSettings.Check(app.Configuration);
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }
        catch (Exception ex) when (ConfigurationErrors.Describe(ex) is { } text)
        {
            throw Refused(name, text, ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            throw new DemoException($"The {name} could not be configured: {ex.Message}", ex);
        }

        _apps.Add((name, app));
        try
        {
            var url = await LoopbackHost.StartAsync(app, cancellationToken);
            app.Lifetime.ApplicationStopping.Register(() => _stopping.TrySetResult());
            return url;
        }
        catch (IOException ex)
        {
            // Taken between the probe and the bind: the host has logged its trace, the line still says what to do.
            throw PortTaken(name, port, ex.Message, ex);
        }
        catch (Exception ex) when (ConfigurationErrors.Describe(ex) is { } text)
        {
            throw Refused(name, text, ex);
        }
    }

    private static DemoException Refused(string name, string why, Exception inner) =>
        new($"The {name} refused its settings: {why}", inner) { ExitCode = ConfigurationErrors.ExitCode };

    private static DemoException PortTaken(string name, int port, string why, Exception? inner) => new(
        $"The {name} could not listen on 127.0.0.1:{port} ({why}). Is another demo running? " +
        "Pick other ports with --gateway-port, --legacy-port, --customers-port and --sync-port.", inner);
}
