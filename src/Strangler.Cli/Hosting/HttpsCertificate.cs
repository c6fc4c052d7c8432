using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Strangler.Cli.Hosting;

/// <summary>
/// Checks that an https address in <c>--urls</c> has a certificate to serve with. Without one Kestrel fails only while
/// starting, after logging its stack trace, with advice for a developer's machine (<c>dotnet dev-certs https</c>),
/// where a server wants its own certificate set.
/// </summary>
internal static class HttpsCertificate
{
    // The extension ASP.NET Core marks its development certificate with (what Kestrel falls back to).
    private const string DevelopmentCertificateOid = "1.3.6.1.4.1.311.84.1.1";

    /// <summary>One line naming the first https address when no certificate is set and none is on hand; else null.</summary>
    public static string? Problem(IConfiguration configuration, string urls)
    {
        var https = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
        if (https is null || Configured(configuration) || DevelopmentCertificateInstalled())
        {
            return null;
        }

        return $"--urls: '{https}' is https, and no server certificate is set: set Kestrel:Certificates:Default:Path "
            + "(a PEM certificate with Kestrel:Certificates:Default:KeyPath, or a .pfx with Kestrel:Certificates:Default:Password), "
            + "or listen on http behind a load balancer that ends TLS.";
    }

    // Kestrel's own settings: a default certificate (file or store), or endpoints of its own, which replace --urls.
    private static bool Configured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["Kestrel:Certificates:Default:Path"])
        || !string.IsNullOrWhiteSpace(configuration["Kestrel:Certificates:Default:Subject"])
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();

    /// <summary>Whether this user's store holds a valid ASP.NET Core development certificate, which Kestrel would serve with.</summary>
    internal static bool DevelopmentCertificateInstalled()
    {
        try
        {
            using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            var now = DateTime.Now;
            var found = false;
            foreach (var certificate in store.Certificates)
            {
                found |= certificate.NotBefore <= now && now < certificate.NotAfter
                    && certificate.Extensions.Any(e => e.Oid?.Value == DevelopmentCertificateOid);
                certificate.Dispose();
            }

            return found;
        }
        catch (CryptographicException)
        {
            // No store for this user (a service account, a container): no development certificate either.
            return false;
        }
    }
}
