using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Tests.Shadow;

/// <summary>
/// Secrets a security review found in the diffs API although their names look secret or the client sent them: each
/// test asserts the secret appears nowhere in the report and that what is not secret around it is still readable.
/// </summary>
public sealed class ShadowRedactionTests
{
    [Fact]
    public async Task ObjectValuedDifferences_AreRedactedInside()
    {
        // Bug: a difference at /user held legacy's whole {"name":..,"password":..} as raw text; only the difference's
        // own path was checked for secret names, never the fields inside its value.
        await using var rig = await ShadowRig.StartAsync(new JsonObject
        {
            ["redactFields"] = new JsonArray("/user/pin"),
            ["noisePercentage"] = 0,
        });
        // The account's notes make its value longer than a difference shows: it must be redacted before it is cut.
        var notes = new string('n', 300);
        rig.Legacy.Handler = ShadowRig.Json(_ =>
            $$$"""{"id":1,"user":{"name":"nested-ann","password":"legacy-nested-pw-123","pin":"pin-4711-x"},"account":{"plan":"gold-plan","apiKey":"legacy-account-key-456","notes":"{{{notes}}}"}}""");
        rig.New.Handler = ShadowRig.Json(_ => """{"id":1,"account":null}""");

        await rig.Gateway.GetAsync("/customers/1", "u");

        await rig.SettledAsync(1);
        var report = await rig.ReportAsync();
        var text = report.ToJsonString();
        foreach (var secret in new[] { "legacy-nested-pw-123", "pin-4711-x", "legacy-account-key-456" })
        {
            Assert.DoesNotContain(secret, text);
        }

        var user = Value(report, "/user");
        Assert.Contains("nested-ann", user);
        Assert.Contains("[redacted]", user);
        var account = Value(report, "/account");
        Assert.Contains("gold-plan", account);
        Assert.EndsWith("…", account);
    }

    [Fact]
    public async Task BodyDifference_WhenOneSideIsNotJson_IsRedactedLikeTheBody()
    {
        // Bug: the "body" difference kept up to 200 characters of each side's raw body, so legacy's JSON password
        // showed there while the sample's own body had it redacted.
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0 });
        rig.Legacy.Handler = ShadowRig.Json(_ => """{"id":1,"name":"body-ann","password":"body-diff-secret-99"}""");
        rig.New.Handler = async c =>
        {
            c.Response.StatusCode = 500;
            c.Response.ContentType = "text/plain";
            await c.Response.WriteAsync("Internal error");
        };

        await rig.Gateway.GetAsync("/customers/1", "u");

        await rig.SettledAsync(1);
        var report = await rig.ReportAsync();
        Assert.DoesNotContain("body-diff-secret-99", report.ToJsonString());
        Assert.Contains("body-ann", Value(report, "body"));
        Assert.Contains("Internal error", Value(report, "body", "new"));
    }

    [Fact]
    public async Task BodiesWithAByteOrderMark_AreRedactedAsJson()
    {
        // Bug: JSON starting with a UTF-8 byte-order mark was not recognised as JSON, and was kept whole.
        await using var rig = await ShadowRig.StartAsync(new JsonObject
        {
            ["methods"] = new JsonArray("GET", "POST"),
            ["noisePercentage"] = 0,
        });
        rig.Legacy.Handler = async c =>
        {
            c.Response.ContentType = "application/json";
            await c.Response.Body.WriteAsync(Bom("""{"id":1,"name":"bom-ann","password":"bom-answer-secret-1"}"""));
        };

        await rig.Gateway.GetAsync("/customers/1", "u");
        using (var content = new ByteArrayContent(Bom("""{"name":"bom-bob","password":"bom-request-secret-2"}""")))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var post = await rig.Gateway.Client.PostAsync("/customers", content, TestContext.Current.CancellationToken);
        }

        await rig.SettledAsync(2);
        var text = (await rig.ReportAsync()).ToJsonString();
        Assert.DoesNotContain("bom-answer-secret-1", text);
        Assert.DoesNotContain("bom-request-secret-2", text);
        Assert.Contains("bom-ann", text);
        Assert.Contains("bom-bob", text);
    }

    [Fact]
    public async Task MultipartRequestBodies_HaveTheirSecretPartsRedacted()
    {
        // Bug: a multipart/form-data request (curl -F password=...) was not understood as a form and was kept whole.
        await using var rig = await ShadowRig.StartAsync(new JsonObject
        {
            ["methods"] = new JsonArray("POST"),
            ["noisePercentage"] = 0,
        });

        using (var form = new MultipartFormDataContent())
        {
            form.Add(new StringContent("multipart-ann"), "user");
            form.Add(new StringContent("multipart-secret-77"), "password");
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("file-body-secret-78")), "avatar", "a.png");
            using var post = await rig.Gateway.Client.PostAsync("/customers", form, TestContext.Current.CancellationToken);
        }

        await rig.SettledAsync(1);
        var text = (await rig.ReportAsync()).ToJsonString();
        Assert.DoesNotContain("multipart-secret-77", text);
        Assert.DoesNotContain("file-body-secret-78", text);
        Assert.Contains("multipart-ann", text);
        Assert.Contains("a.png", text);
    }

    [Fact]
    public async Task XmlAndTextBodies_HaveSecretNamedValuesScrubbed()
    {
        // Bug: a body that is neither JSON nor a form (<password>x</password>, password: x) was kept whole.
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0 });
        rig.Legacy.Handler = async c =>
        {
            c.Response.ContentType = "application/xml";
            await c.Response.WriteAsync("<user><name>xml-ann</name><password>xml-secret-55</password></user>");
        };
        rig.New.Handler = async c =>
        {
            c.Response.ContentType = "text/plain";
            await c.Response.WriteAsync("name: text-bob\napi_key: text-secret-56\n");
        };

        await rig.Gateway.GetAsync("/customers/1", "u");

        await rig.SettledAsync(1);
        var report = await rig.ReportAsync();
        var text = report.ToJsonString();
        Assert.DoesNotContain("xml-secret-55", text);
        Assert.DoesNotContain("text-secret-56", text);
        Assert.Contains("xml-ann", Value(report, "body"));
        Assert.Contains("text-bob", Value(report, "body", "new"));
    }

    [Fact]
    public async Task EchoedCredentialsThatJsonEscapes_AreScrubbed()
    {
        // Bug: the redacted JSON was re-serialised before the client's secrets were scrubbed from it, and the
        // serialiser writes '+' as \u002B, so an echoed Basic credential no longer matched and was kept.
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0 });
        static Func<HttpContext, Task> Echo(string side) => async c =>
        {
            c.Response.ContentType = "application/json";
            await c.Response.WriteAsync(JsonSerializer.Serialize(new { side, who = c.Request.Headers.Authorization.ToString() }));
        };
        rig.Legacy.Handler = Echo("legacy-side");
        rig.New.Handler = Echo("new-side");

        await rig.Gateway.GetAsync("/customers/1", "u", ("Authorization", "Basic dXNlcjpwYXNz+w/Secret="));

        await rig.SettledAsync(1);
        var report = await rig.ReportAsync();
        Assert.DoesNotContain("dXNlcjpwYXNz", report.ToJsonString());
        Assert.Contains("legacy-side", Value(report, "/side"));
    }

    private static byte[] Bom(string json) => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(json)];

    // One side's value of the first stored difference at this path.
    private static string Value(JsonNode report, string path, string side = "legacy") =>
        report["endpoints"]!.AsArray()
            .SelectMany(e => e!["fields"]!.AsArray())
            .SelectMany(f => f!["samples"]!.AsArray())
            .SelectMany(s => s!["differences"]!.AsArray())
            .First(d => d!["path"]!.GetValue<string>() == path)![side]!.GetValue<string>();
}
