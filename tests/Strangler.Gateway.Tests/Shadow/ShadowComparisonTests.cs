using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Shadow;

public sealed class ShadowComparisonTests
{
    [Fact]
    public async Task Shadow_RealDifferenceReported_NoisyFieldNot()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 100 });
        // generatedAt differs between any two answers (legacy's too); name differs only on the new side.
        rig.Legacy.Handler = ShadowRig.Json(c => $$"""{"id":7,"name":"Ann Lee","generatedAt":"{{Guid.NewGuid()}}"}""");
        rig.New.Handler = ShadowRig.Json(c => $$"""{"id":7,"name":"ANN LEE","generatedAt":"{{Guid.NewGuid()}}"}""");

        for (var i = 0; i < 20; i++)
        {
            var (body, _, _) = await rig.Gateway.GetAsync($"/customers/{i}", $"user-{i}");
            Assert.Contains("\"Ann Lee\"", body);
        }

        var report = await rig.SettledAsync(20);
        Assert.Equal(20, ShadowRig.Long(report, "compared"));
        Assert.Equal(20, ShadowRig.Long(report, "differing"));
        var endpoint = report["endpoints"]!.AsArray().Single()!;
        Assert.Equal("GET /customers/{id}", endpoint["endpoint"]!.GetValue<string>());
        Assert.Equal(20, ShadowRig.Long(endpoint, "noiseCompared"));
        var field = endpoint["fields"]!.AsArray().Single()!;
        Assert.Equal(("/name", "value", 20L), (field["path"]!.GetValue<string>(), field["kind"]!.GetValue<string>(), ShadowRig.Long(field, "count")));
        var sample = field["samples"]!.AsArray().First()!;
        Assert.Contains("ANN LEE", sample["new"]!["body"]!.GetValue<string>());
        Assert.Contains("/name", sample["differences"]!.AsArray().Select(d => d!["path"]!.GetValue<string>()));
        var noise = endpoint["noiseFields"]!.AsArray().Single()!;
        Assert.Equal("/generatedAt", noise["path"]!.GetValue<string>());
        Assert.Equal(1.0, noise["noiseRate"]!.GetValue<double>());
        Assert.NotNull(endpoint["legacy"]!["p99Ms"]);

        var rates = rig.Gateway.Service<IShadowDiffRates>();
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(new ShadowDiffCounts(20, 20), rates.Count("customers", now.AddMinutes(-5), now.AddMinutes(1)));
        Assert.Equal(default, rates.Count("customers", now.AddHours(-3), now.AddHours(-2)));
        Assert.Equal(default, rates.Count("orders", now.AddMinutes(-5), now.AddMinutes(1)));
    }

    [Fact]
    public async Task Shadow_IgnoredPathsAndSets_AreNotDifferences()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject
        {
            ["ignore"] = new JsonArray("/createdAt", "/items/*/etag"),
            ["arraysAsSets"] = new JsonArray("/tags"),
            ["noisePercentage"] = 0,
        });
        rig.Legacy.Handler = ShadowRig.Json(_ => """{"tags":["a","b"],"createdAt":"1","items":[{"etag":"x","n":1}],"count":2}""");
        rig.New.Handler = ShadowRig.Json(_ => """{"count":2.0,"items":[{"n":1,"etag":"y"}],"createdAt":"2","tags":["b","a"]}""");

        for (var i = 0; i < 5; i++)
        {
            await rig.Gateway.GetAsync("/customers", $"user-{i}");
        }

        var report = await rig.SettledAsync(5);
        Assert.Equal((5L, 0L), (ShadowRig.Long(report, "compared"), ShadowRig.Long(report, "differing")));
        Assert.Empty(report["endpoints"]![0]!["fields"]!.AsArray());
    }

    [Fact]
    public async Task Shadow_StatusAndContentType_AreCompared()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0 });
        rig.New.Handler = async c =>
        {
            c.Response.StatusCode = 404;
            c.Response.ContentType = "text/plain";
            await c.Response.WriteAsync("legacy GET " + c.Request.Path);
        };

        await rig.Gateway.GetAsync("/customers/1", "u");

        var report = await rig.SettledAsync(1);
        var fields = report["endpoints"]![0]!["fields"]!.AsArray().Select(f => f!["path"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(["header:content-type", "status"], fields);
    }

    [Fact]
    public async Task Shadow_BodyOverTheLimit_IsComparedByHashAndCountedTooLarge()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["maxBodyBytes"] = 1000, ["noisePercentage"] = 0 });
        var big = new string('x', 5000);
        rig.Legacy.Handler = c => c.Response.WriteAsync(big);
        rig.New.Handler = c => c.Response.WriteAsync(c.Request.Query.ContainsKey("other") ? big[..4999] + "y" : big);

        var (body, _, _) = await rig.Gateway.GetAsync("/customers/1", "u");
        Assert.Equal(big, body);
        await rig.Gateway.GetAsync("/customers/1?other=1", "u");

        var report = await rig.SettledAsync(2);
        Assert.Equal((2L, 1L), (ShadowRig.Long(report, "tooLarge"), ShadowRig.Long(report, "differing")));
        var field = report["endpoints"]![0]!["fields"]!.AsArray().Single()!;
        Assert.Equal("body", field["path"]!.GetValue<string>());
        Assert.Contains("5000 bytes, sha256", field["samples"]![0]!["differences"]![0]!["legacy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Shadow_SecretsInHeadersAndConfiguredFields_AreRedactedBeforeStorage()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject
        {
            ["redactHeaders"] = new JsonArray("X-Api-Key"),
            ["redactFields"] = new JsonArray("/token", "/cards/*/number"),
            ["noisePercentage"] = 0,
        });
        rig.Legacy.Handler = async c =>
        {
            c.Response.Headers.SetCookie = "session=legacy-cookie-secret";
            c.Response.ContentType = "application/json";
            await c.Response.WriteAsync("""{"token":"legacy-token-secret","cards":[{"number":"4111-secret"}],"v":1}""");
        };
        rig.New.Handler = ShadowRig.Json(_ => """{"token":"new-token-secret","cards":[{"number":"4222-secret"}],"v":2}""");

        await rig.Gateway.GetAsync("/customers/1", "u",
            ("Authorization", "Bearer auth-secret"), ("Cookie", "c=cookie-secret"), ("X-Api-Key", "key-secret"));

        await rig.SettledAsync(1);
        var text = (await rig.ReportAsync()).ToJsonString();
        foreach (var secret in new[] { "auth-secret", "cookie-secret", "key-secret", "token-secret", "4111-secret", "4222-secret" })
        {
            Assert.DoesNotContain(secret, text);
        }

        Assert.Contains("[redacted]", text);
        Assert.Contains("/token", text);
        Assert.Contains("/v", text);
    }

    [Fact]
    public async Task Shadow_SecretLookingNames_AreRedactedWithoutBeingConfigured()
    {
        // Bug: only the four credential headers and the route's own lists were redacted, so an X-Auth-Token header,
        // an ?access_token= query, a "password" field or a sign-in form reached the stored samples and the dashboard.
        await using var rig = await ShadowRig.StartAsync(new JsonObject
        {
            ["methods"] = new JsonArray("GET", "POST"),
            ["noisePercentage"] = 0,
        });
        rig.Legacy.Handler = ShadowRig.Json(_ => """{"user":{"password":"legacy-pw-secret","apiKey":"legacy-key-secret"},"v":1}""");
        rig.New.Handler = ShadowRig.Json(_ => """{"user":{"password":"new-pw-secret","apiKey":"new-key-secret"},"v":2}""");

        await rig.Gateway.GetAsync("/customers/1?access_token=query-secret&page=2", "u", ("X-Auth-Token", "header-secret"));
        using (var form = new FormUrlEncodedContent([new("user", "ann"), new("password", "form-secret")]))
        {
            using var post = await rig.Gateway.Client.PostAsync("/customers/2", form, TestContext.Current.CancellationToken);
        }

        await rig.SettledAsync(2);
        var text = (await rig.ReportAsync()).ToJsonString();
        foreach (var secret in new[] { "query-secret", "header-secret", "pw-secret", "key-secret", "form-secret" })
        {
            Assert.DoesNotContain(secret, text);
        }

        // What is not secret stays readable, and the secret fields that differ are still named.
        Assert.Contains("page=2", text);
        Assert.Contains("user=ann", text);
        Assert.Contains("/user/password", text);
        Assert.Contains("/v", text);
    }

    [Fact]
    public async Task Shadow_SecretsTheClientSent_AreScrubbedFromAnswersThatEchoThem()
    {
        // Bug, found running the gateway as ops do: an upstream that echoes its request under harmless names ("auth",
        // "self") showed the client's bearer token, cookie and ?token= in the stored samples and the dashboard.
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0 });
        static Func<HttpContext, Task> Echo(string side) => async c =>
        {
            c.Response.ContentType = "application/json";
            c.Response.Headers["X-Echo"] = c.Request.Headers.Authorization.ToString();
            await c.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                side, auth = c.Request.Headers.Authorization.ToString(), jar = c.Request.Headers.Cookie.ToString(),
                self = c.Request.Path + c.Request.QueryString, page = 2,
            }));
        };
        rig.Legacy.Handler = Echo("legacy");
        rig.New.Handler = Echo("new");

        await rig.Gateway.GetAsync("/customers/1?token=query-secret-1&page=2", "u",
            ("Authorization", "Bearer bearer-secret-1"), ("Cookie", "session=cookie-secret-1; lang=en"));

        await rig.SettledAsync(1);
        var text = (await rig.ReportAsync()).ToJsonString();
        foreach (var secret in new[] { "bearer-secret-1", "cookie-secret-1", "query-secret-1" })
        {
            Assert.DoesNotContain(secret, text);
        }

        Assert.Contains("/side", text);
        Assert.Contains("page=2", text);
        Assert.Contains("[redacted]", text);
    }

    [Fact]
    public async Task Shadow_SignedUrlsInAnswers_HaveTheirSignaturesRedacted()
    {
        // Bug: a presigned download link in an answer (a body field named "download", a Location header) kept its
        // signature in the stored samples: sig=, X-Amz-Signature= and X-Goog-Signature= look like no secret name.
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0 });
        static Func<HttpContext, Task> Answer(string side) => async c =>
        {
            c.Response.StatusCode = 201;
            c.Response.ContentType = "application/json";
            c.Response.Headers.Location = "https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256"
                + $"&X-Goog-Expires=900&X-Goog-Signature={side}-goog-sig-0123&X-Goog-SignedHeaders=host";
            await c.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                side,
                download = $"https://b.s3.amazonaws.com/k?X-Amz-Expires=3600&X-Amz-Signature={side}-amz-sig-0123&response-content-type=text%2Fcsv",
                links = new[] { $"see https://a.blob.core.windows.net/c/f?sv=2022-11-02&se=2026-12-01&sp=r&sig={side}-sas-sig-0123 now" },
                text = $"<a href=\"/files/1?sig={side}-html-sig-0123&amp;name=report\">report</a>",
            }));
        };
        rig.Legacy.Handler = Answer("legacy");
        rig.New.Handler = Answer("new");

        await rig.Gateway.GetAsync("/customers/1", "u");

        await rig.SettledAsync(1);
        var text = (await rig.ReportAsync()).ToJsonString();
        foreach (var secret in new[] { "goog-sig-0123", "amz-sig-0123", "sas-sig-0123", "html-sig-0123" })
        {
            Assert.DoesNotContain(secret, text);
        }

        // The parameters that are not the signature stay readable, to tell two links apart.
        foreach (var visible in new[] { "X-Goog-Expires=900", "X-Amz-Expires=3600", "sp=r", "name=report", "/side" })
        {
            Assert.Contains(visible, text);
        }
    }

    [Fact]
    public async Task DiffsApi_RequiresTheToken_NamesUnknownSubdomains_AndResetStartsOver()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0 });
        rig.New.Handler = c => c.Response.WriteAsync("other");
        await rig.Gateway.GetAsync("/customers/1", "u");
        await rig.SettledAsync(1);

        var (unauthorized, _) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/diffs?subdomain=customers", token: null);
        Assert.Equal(401, (int)unauthorized.StatusCode);
        var (missing, problem) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/diffs?subdomain=nope");
        Assert.Equal(404, (int)missing.StatusCode);
        Assert.Contains("nope", problem!["detail"]!.GetValue<string>());
        var (list, all) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/diffs");
        Assert.Equal(1, ShadowRig.Long(all!["subdomains"]![0]!, "compared"));
        var (badReset, errors) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/diffs/reset", new { });
        Assert.Equal(400, (int)badReset.StatusCode);
        Assert.NotNull(errors!["errors"]!["subdomain"]);

        var (reset, _) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/diffs/reset", new { subdomain = "customers" });
        Assert.True(reset.IsSuccessStatusCode);
        var after = await rig.ReportAsync();
        Assert.Equal(0, ShadowRig.Long(after, "compared"));
        Assert.Equal(default, rig.Gateway.Service<IShadowDiffRates>().Count("customers", DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    [Fact]
    // Bug: a GET of the report opened the sub-domain's window: "since" became the moment of the first read (hours
    // before shadow was on, reading as hours watched and found clean), and a route that never shadowed was listed
    // under GET /diffs from then on.
    public async Task DiffsApi_ReadsChangeNothing_TheWindowStartsWithTheFirstShadowedRequest()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0 });
        rig.New.Handler = c => c.Response.WriteAsync("other");

        var before = await rig.ReportAsync();
        Assert.Null(before["since"]);
        Assert.True(before["active"]!.GetValue<bool>());
        await Task.Delay(50);
        var firstShadow = DateTimeOffset.UtcNow;
        await rig.Gateway.GetAsync("/customers/1", "u");
        var report = await rig.SettledAsync(1);

        Assert.True(report["since"]!.GetValue<DateTimeOffset>() >= firstShadow.AddMilliseconds(-5),
            $"since {report["since"]} is before the first shadowed request at {firstShadow:O}");
    }

    [Fact]
    public async Task ASamplesJsonBody_ReadsAsTheServiceWroteIt_NotWithItsCharactersEscaped()
    {
        // Regression: a sample's JSON body was written again with the default encoder, so the report read with curl
        // or `strangler diff report` showed "M\u00FCller \u002B O\u0027Brien \u003Cb\u003E".
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0 });
        rig.Legacy.Handler = ShadowRig.Json(c => """{"name":"Müller + O'Brien <b> & Co"}""");
        rig.New.Handler = ShadowRig.Json(c => """{"name":"Mueller"}""");

        await rig.Gateway.GetAsync("/customers/1", "u");

        var report = await rig.SettledAsync(1);
        var sample = report["endpoints"]!.AsArray().Single()!["fields"]!.AsArray().Single()!["samples"]!.AsArray().Single()!;
        Assert.Equal("""{"name":"Müller + O'Brien <b> & Co"}""", sample["legacy"]!["body"]!.GetValue<string>());
        Assert.Equal("""{"name":"Mueller"}""", sample["new"]!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task DiffsApi_ReadingARouteWithoutShadow_DoesNotListIt()
    {
        await using var rig = await Rig.StartAsync();

        var (response, report) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/diffs?subdomain=customers");
        Assert.True(response.IsSuccessStatusCode);
        Assert.False(report!["active"]!.GetValue<bool>());
        Assert.Null(report["since"]);

        var (_, all) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/diffs");
        Assert.Empty(all!["subdomains"]!.AsArray());
    }
}
