using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Security;

/// <summary>
/// Issue 9: the keys protecting dashboard sessions live where the configuration says, so a session survives a
/// restart and works on every gateway sharing them, and they are encrypted at rest with the configured certificate.
/// </summary>
public sealed class SessionKeysTests(Upstreams upstreams) : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("strangler-keys-");

    public void Dispose() => _root.Delete(recursive: true);

    private Dictionary<string, string?> Keys(string name, bool certificate = true)
    {
        var settings = new Dictionary<string, string?> { ["Strangler:Dashboard:KeysDirectory"] = Path.Combine(_root.FullName, name) };
        if (certificate)
        {
            var (cert, key) = Certificate();
            settings["Strangler:Dashboard:KeysCertificateFile"] = cert;
            settings["Strangler:Dashboard:KeysCertificateKeyFile"] = key;
        }

        return settings;
    }

    // One self-signed certificate per test, as PEM files, like a Kubernetes TLS secret.
    private (string Cert, string Key) Certificate()
    {
        var cert = Path.Combine(_root.FullName, "keys.crt");
        var key = Path.Combine(_root.FullName, "keys.key");
        if (!File.Exists(cert))
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=strangler-dashboard-keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllText(cert, created.ExportCertificatePem());
            File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        }

        return (cert, key);
    }

    private static async Task<(string Cookie, string Csrf)> SignInAsync(GatewayUnderTest gateway)
    {
        using var client = gateway.Client();
        var response = await client.PostAsJsonAsync("/_strangler/session", new { token = GatewayUnderTest.AdminToken }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var cookie = response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (cookie, body.GetProperty("csrfToken").GetString()!);
    }

    private static async Task<HttpResponseMessage> SessionAsync(GatewayUnderTest gateway, string cookie)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(gateway.Url) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_strangler/session");
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Session_SurvivesARestart_WithTheSameConfiguration()
    {
        var settings = Keys("fleet");
        string cookie, csrf;
        await using (var before = await GatewayUnderTest.StartAsync(upstreams, settings))
        {
            (cookie, csrf) = await SignInAsync(before);
        }

        await using var after = await GatewayUnderTest.StartAsync(upstreams, settings);
        var response = await SessionAsync(after, cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(csrf, body.GetProperty("csrfToken").GetString());
    }

    [Fact]
    public async Task Session_WorksOnAnotherGateway_SharingTheKeys_AndNotOnOneWithOtherKeys()
    {
        var shared = Keys("fleet");
        await using var a = await GatewayUnderTest.StartAsync(upstreams, shared);
        await using var b = await GatewayUnderTest.StartAsync(upstreams, shared);
        await using var stranger = await GatewayUnderTest.StartAsync(upstreams, Keys("elsewhere"));
        var (cookie, csrf) = await SignInAsync(a);

        Assert.Equal(HttpStatusCode.OK, (await SessionAsync(b, cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SessionAsync(stranger, cookie)).StatusCode);

        // A state-changing call on the other gateway, with the CSRF token from the first.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(b.Url) };
        using var flip = new HttpRequestMessage(HttpMethod.Post, "/_strangler/ui/flip")
        {
            Content = JsonContent.Create(new { subdomain = "customers", mode = "new", reason = "across the fleet" }),
        };
        flip.Headers.Add("Cookie", cookie);
        flip.Headers.Add("X-CSRF-Token", csrf);
        var flipped = await client.SendAsync(flip, TestContext.Current.CancellationToken);
        Assert.True(flipped.StatusCode == HttpStatusCode.OK, await flipped.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WithoutAKeysDirectory_ARestartEndsTheSession_AndStartSaysSo()
    {
        var logs = new CapturedLogs();
        string cookie;
        await using (var before = await GatewayUnderTest.StartAsync(upstreams, logs: logs))
        {
            (cookie, _) = await SignInAsync(before);
        }

        await using var after = await GatewayUnderTest.StartAsync(upstreams);

        Assert.Equal(HttpStatusCode.Unauthorized, (await SessionAsync(after, cookie)).StatusCode);
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Information && l.Text.Contains("No Strangler:Dashboard:KeysDirectory configured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeysWithACertificate_AreEncryptedAtRest_AndNothingWarns()
    {
        var logs = new CapturedLogs();
        var settings = Keys("fleet");
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, settings, logs: logs);
        await SignInAsync(gateway);

        var key = File.ReadAllText(Assert.Single(Directory.GetFiles(settings["Strangler:Dashboard:KeysDirectory"]!, "key-*.xml")));
        Assert.Contains("encryptedSecret", key);
        Assert.DoesNotContain("unencrypted form", key);
        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Warning && (l.Category.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal)
            || l.Category.Contains("DashboardKeyRing", StringComparison.Ordinal)));
        Assert.Contains(logs.Lines, l => l.Text.Contains("Dashboard session keys are kept in", StringComparison.Ordinal) && l.Text.Contains("certificate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeysWithoutACertificate_AreStoredUnencrypted_AndTheFrameworkWarns()
    {
        var logs = new CapturedLogs();
        var settings = Keys("plain", certificate: false);
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, settings, logs: logs);
        await SignInAsync(gateway);

        var key = File.ReadAllText(Assert.Single(Directory.GetFiles(settings["Strangler:Dashboard:KeysDirectory"]!, "key-*.xml")));
        Assert.Contains("unencrypted form", key);
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Category.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal));
    }
}
