using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Hosting;

namespace Strangler.Gateway.Dashboard.Sessions;

/// <summary>
/// The ASP.NET Core data-protection key ring that encrypts dashboard session tickets. Kept apart from the host's own
/// data protection (its own service container), so a host that uses data protection for itself is not changed.
/// <list type="bullet">
/// <item>No <see cref="DashboardOptions.KeysDirectory"/>: keys live in memory; sessions end at restart and work on
/// this gateway only (said once at start, as information).</item>
/// <item>A directory: keys are kept there under the application name <see cref="ApplicationName"/>, so every gateway
/// that mounts the same directory (and restarts of one) accepts the same sessions; the framework rotates them.</item>
/// <item>A directory and a certificate (<see cref="DashboardOptions.KeysCertificateFile"/>): the keys are also
/// encrypted at rest with it. Without one, on Linux nothing else can protect them (DPAPI is Windows-only), and the
/// framework warns that they are stored unencrypted.</item>
/// </list>
/// </summary>
internal sealed class DashboardKeyRing : IDisposable
{
    /// <summary>The data-protection application name; gateways share keys only under the same name.</summary>
    public const string ApplicationName = "Strangler.Gateway";

    private readonly ServiceProvider? _container;

    public DashboardKeyRing(IOptions<DashboardOptions> options, ILoggerFactory logs, IHostApplicationLifetime? lifetime = null)
    {
        var settings = options.Value;
        var logger = logs.CreateLogger<DashboardKeyRing>();
        if (string.IsNullOrWhiteSpace(settings.KeysDirectory))
        {
            StartNotices.WhenStarted(lifetime, () => DashboardKeyLog.InMemory(logger));
            Provider = new EphemeralDataProtectionProvider(logs);
            return;
        }

        var services = new ServiceCollection();
        services.AddSingleton(logs);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        var builder = services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(settings.KeysDirectory));
        var certificate = LoadCertificate(settings);
        if (certificate is not null)
        {
            builder.ProtectKeysWithCertificate(certificate);
        }

        _container = services.BuildServiceProvider();
        Provider = _container.GetRequiredService<IDataProtectionProvider>();
        var (directory, thumbprint) = (settings.KeysDirectory, certificate?.Thumbprint ?? "none: stored unencrypted");
        StartNotices.WhenStarted(lifetime, () => DashboardKeyLog.Persisted(logger, directory, thumbprint));
    }

    public IDataProtectionProvider Provider { get; }

    /// <summary>The certificate from PEM files; null when none is configured. The validator has already checked the files.</summary>
    internal static X509Certificate2? LoadCertificate(DashboardOptions settings) =>
        string.IsNullOrWhiteSpace(settings.KeysCertificateFile)
            ? null
            : X509Certificate2.CreateFromPemFile(settings.KeysCertificateFile, settings.KeysCertificateKeyFile);

    public void Dispose() => _container?.Dispose();
}
