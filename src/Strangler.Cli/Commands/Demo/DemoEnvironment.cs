using System.Security.Cryptography;
using Samples.CustomersService;
using Samples.CustomersService.Store;
using Samples.LegacyMonolith;
using Strangler.Cli.Hosting;
using Strangler.Gateway;

namespace Strangler.Cli.Commands.Demo;

/// <summary>
/// The running demo: the legacy monolith, the new Customers service and the gateway in front of both, each a real
/// Kestrel host in this process. Disposing stops all three.
/// </summary>
internal sealed class DemoEnvironment : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];
    private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DemoEnvironment(DemoSettings settings)
    {
        Settings = settings;
        AdminToken = settings.AdminToken ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        RoutesDirectory = Path.Combine(settings.WorkDirectory, "routes");
        LegacyDatabase = Path.Combine(settings.WorkDirectory, "legacy-monolith.db");
        CustomersDatabase = Path.Combine(settings.WorkDirectory, "customers-service.db");
    }

    public DemoSettings Settings { get; }

    public string AdminToken { get; }

    public string RoutesDirectory { get; }

    public string LegacyDatabase { get; }

    public string CustomersDatabase { get; }

    public Uri Gateway { get; private set; } = null!;

    public Uri Legacy { get; private set; } = null!;

    public Uri Customers { get; private set; } = null!;

    public int SnapshotCustomers { get; private set; }

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
            await environment.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Gateway first, so nothing is routed to an upstream that is already gone.
        for (var i = _apps.Count - 1; i >= 0; i--)
        {
            await _apps[i].DisposeAsync();
        }

        _apps.Clear();
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Settings.WorkDirectory);
        Legacy = await StartAsync("legacy monolith", Settings.LegacyPort, LegacyMonolithApp.Build,
            [$"--LegacyMonolith:DatabasePath={LegacyDatabase}"], cancellationToken);
        Customers = await StartAsync("customers service", Settings.CustomersPort, CustomersServiceApp.Build,
            [$"--CustomersService:DatabasePath={CustomersDatabase}"], cancellationToken);
        var store = _apps[^1].Services.GetRequiredService<CustomerStore>();
        SnapshotCustomers = await CustomerSnapshot.CopyAsync(Legacy, store, cancellationToken);

        await DemoRoutes.CopyAsync(Settings.RoutesSource, RoutesDirectory, Legacy, Customers, cancellationToken);
        Gateway = await StartAsync("gateway", Settings.GatewayPort, args => GatewayApplication.Build(args),
            [
                $"--Strangler:Gateway:RoutesDirectory={RoutesDirectory}",
                $"--Strangler:Gateway:AdminToken={AdminToken}",
                $"--Strangler:Gateway:DefaultUpstream={Legacy}",
                $"--Strangler:Gateway:ServedByHeader={Settings.ServedByHeader}",
                // A per-run key, so tester-override tokens work for the demo's lifetime and never after.
                $"--Strangler:Gateway:OverrideSigningKey={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}",
            ],
            cancellationToken);
    }

    private async Task<Uri> StartAsync(
        string name, int port, Func<string[], WebApplication> build, string[] args, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = build([
                $"--urls=http://127.0.0.1:{port}",
                // Three hosts share one console: only warnings and errors, so the demo's own instructions stay readable.
                "--Logging:LogLevel:Default=Warning",
                .. args,
            ]);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            throw new DemoException($"The {name} could not be configured: {ex.Message}", ex);
        }

        _apps.Add(app);
        try
        {
            var url = await LoopbackHost.StartAsync(app, cancellationToken);
            app.Lifetime.ApplicationStopping.Register(() => _stopping.TrySetResult());
            return url;
        }
        catch (IOException ex)
        {
            throw new DemoException(
                $"The {name} could not listen on 127.0.0.1:{port} ({ex.Message}). Is another demo running? " +
                "Pick other ports with --gateway-port, --legacy-port and --customers-port.", ex);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            throw new DemoException($"The {name} refused its settings: {string.Join("; ", ex.Failures)}", ex);
        }
    }
}
