using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Dashboard.Hosting;

namespace Strangler.Dashboard.Tests.Api;

public sealed class DashboardOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new DashboardOptionsValidator().Validate(null, new DashboardOptions()).Succeeded);

    [Fact]
    public void Validate_BadValues_ReportsEveryKey()
    {
        var options = new DashboardOptions
        {
            PathBase = "dash/",
            SessionLifetime = TimeSpan.Zero,
            RetireAfterDays = 0,
            SyncStatusUrls = ["http://127.0.0.1:5103", "ftp://x", "not a url"],
        };

        var result = new DashboardOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(5, failures.Count);
        Assert.Contains(failures, f => f.Contains("Strangler:Dashboard:PathBase"));
        Assert.Contains(failures, f => f.Contains("Strangler:Dashboard:SessionLifetime"));
        Assert.Contains(failures, f => f.Contains("Strangler:Dashboard:RetireAfterDays"));
        Assert.Contains(failures, f => f.Contains("Strangler:Dashboard:SyncStatusUrls:1"));
        Assert.Contains(failures, f => f.Contains("Strangler:Dashboard:SyncStatusUrls:2"));
    }

    [Fact]
    public void Validate_HostWithASchemeOrPath_IsRefusedByItsKey()
    {
        var options = new DashboardOptions { Hosts = ["ops.example.com", "https://ops.example.com", "ops.example.com:8443/x", ""] };

        var failures = new DashboardOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Equal(["Strangler:Dashboard:Hosts:1", "Strangler:Dashboard:Hosts:2", "Strangler:Dashboard:Hosts:3"],
            failures.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)]));
        Assert.Contains("was 'https://ops.example.com'", failures[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ShortSyncStatusToken_IsRefusedByItsKeyWithoutQuotingIt()
    {
        var result = new DashboardOptionsValidator().Validate(null, new DashboardOptions { SyncStatusToken = "s3cret" });

        var failure = Assert.Single(result.Failures!);
        Assert.Equal("Strangler:Dashboard:SyncStatusToken: must be at least 16 characters (the token is not shown)", failure);
    }

    [Fact]
    public void Validate_SyncStatusUrlWithCredentials_IsRefusedWithoutQuotingThem()
    {
        var options = new DashboardOptions { SyncStatusUrls = ["http://127.0.0.1:5103", "http://ops:s3cret@sync.internal:5103"] };

        var result = new DashboardOptionsValidator().Validate(null, options);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Strangler:Dashboard:SyncStatusUrls:1 must not carry a user name or password", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", failure, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> UnusableSyncStatusUrls => new()
    {
        // Without "http://" the user name reads as a scheme: the URL parses, and the password is in it.
        { "ops:s3cret@sync.internal:5103", "must be an http or https URL" },
        { "ftp://ops:s3cret@sync.internal", "must be an http or https URL" },
        { "http://ops:s3cret@sync internal:5103", "is not an absolute URL" },
        { "s3cret", "is not an absolute URL" },
        { " ", "is empty" },
    };

    [Theory]
    [MemberData(nameof(UnusableSyncStatusUrls))]
    public void Validate_UnusableSyncStatusUrl_IsNamedByIndexWithoutQuotingIt(string url, string reason)
    {
        var options = new DashboardOptions { SyncStatusUrls = ["http://127.0.0.1:5103", url] };

        var failure = Assert.Single(new DashboardOptionsValidator().Validate(null, options).Failures!);

        Assert.StartsWith($"Strangler:Dashboard:SyncStatusUrls:1 {reason}", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("ops", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeySettings_NameTheKeyAtFault()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "keys.crt");
        var validator = new DashboardOptionsValidator();

        var withoutDirectory = validator.Validate(null, new DashboardOptions { KeysCertificateFile = missing });
        var unreadable = validator.Validate(null, new DashboardOptions { KeysDirectory = "/tmp/keys", KeysCertificateFile = missing });
        var keyAlone = validator.Validate(null, new DashboardOptions { KeysCertificateKeyFile = missing });

        Assert.Contains("Strangler:Dashboard:KeysCertificateFile needs Strangler:Dashboard:KeysDirectory", Assert.Single(withoutDirectory.Failures!));
        Assert.Contains($"Strangler:Dashboard:KeysCertificateFile '{missing}' cannot be loaded", Assert.Single(unreadable.Failures!));
        Assert.Contains("KeysCertificateKeyFile is set without", Assert.Single(keyAlone.Failures!));
        Assert.True(validator.Validate(null, new DashboardOptions { KeysDirectory = "/tmp/keys" }).Succeeded);
    }
}
