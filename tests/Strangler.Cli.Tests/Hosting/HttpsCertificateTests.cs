using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Strangler.Cli.Hosting;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Hosting;

/// <summary>
/// <c>gateway --urls https://...</c>: with no certificate set it used to build the gateway and fail while starting,
/// logging Kestrel's stack trace and advice for a developer's machine (<c>dotnet dev-certs https</c>), exit 1. Now one
/// line names the settings, exit 2; with them set it serves over TLS.
/// </summary>
public sealed class HttpsCertificateTests(UpstreamsFixture upstreams)
{
    [Fact]
    public async Task Https_without_a_certificate_is_refused_before_start_naming_the_settings()
    {
        Assert.SkipWhen(HttpsCertificate.DevelopmentCertificateInstalled(),
            "this user has an ASP.NET Core development certificate, which Kestrel would serve with: nothing to refuse");
        using var directory = new TempDirectory();
        RouteFiles.Write(directory.Path, "customers", upstreams.Legacy, upstreams.New, "new");
        var url = $"https://127.0.0.1:{FreePort.Next()}";
        var error = new StringWriter();

        var exit = await StranglerCommand.Create()
            .Parse(["gateway", "--routes", directory.Path, "--urls", url, $"--Strangler:Gateway:DefaultUpstream={upstreams.Legacy}"])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = error }, TestContext.Current.CancellationToken);

        Assert.True(exit == 2, error.ToString());
        Assert.Equal(
            $"error: --urls: '{url}' is https, and no server certificate is set: set Kestrel:Certificates:Default:Path (a PEM certificate with "
            + "Kestrel:Certificates:Default:KeyPath, or a .pfx with Kestrel:Certificates:Default:Password), or listen on http behind a load "
            + "balancer that ends TLS.",
            error.ToString().TrimEnd());
    }

    [Fact]
    public async Task Https_with_a_PEM_certificate_set_serves_over_TLS()
    {
        using var directory = new TempDirectory();
        RouteFiles.Write(directory.Path, "customers", upstreams.Legacy, upstreams.New, "new");
        var (certificate, key) = WritePem(directory.Path);
        var url = $"https://127.0.0.1:{FreePort.Next()}";
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = StranglerCommand.Create()
            .Parse(["gateway", "--routes", directory.Path, "--urls", url, $"--Strangler:Gateway:DefaultUpstream={upstreams.Legacy}",
                $"--Kestrel:Certificates:Default:Path={certificate}", $"--Kestrel:Certificates:Default:KeyPath={key}",
                "--Logging:LogLevel:Default=Warning"])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null }, cancel.Token);

        string? served = null;
        using var handler = new HttpClientHandler
        {
            // The test's own self-signed certificate: checked by its subject rather than trusted by the machine.
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
            {
                served = presented?.Subject;
                return true;
            },
        };
        using var http = new HttpClient(handler);
        using var response = await HttpPolling.GetWhenUpAsync(http, url + "/customers/7", run);

        Assert.Contains("\"upstream\":\"new\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("CN=strangler-test", served);
        await cancel.CancelAsync();
        Assert.Equal(0, await run);
    }

    private static (string Certificate, string Key) WritePem(string directory)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=strangler-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certificatePath = Path.Combine(directory, "gateway.crt");
        var keyPath = Path.Combine(directory, "gateway.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
