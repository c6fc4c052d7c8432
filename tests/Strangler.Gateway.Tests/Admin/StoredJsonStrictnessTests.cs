using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Gateway.Tests.Admin;

/// <summary>
/// Bug: the history, the fleet's history and the rollout state were read with the web defaults, which take a number
/// in quotes (<c>"revision": "7"</c>) and a field in any case (<c>"REVISION"</c>, <c>"STEP"</c>): a hand edit the
/// gateway never writes was restored by a rollback or resumed as a rollout. Both are now refused naming the field and
/// what it takes, and the entry is skipped as any unreadable one is; every form an earlier version wrote still reads.
/// </summary>
public sealed class StoredJsonStrictnessTests
{
    private const string Route = "\"route\":{\"name\":\"customers\",\"paths\":[\"/customers\"],\"legacy\":\"http://127.0.0.1:1\",\"new\":\"http://127.0.0.1:2\",\"mode\":\"canary\",\"canaryPercentage\":10,\"revision\":7}";

    public static TheoryData<string, string> RefusedHistory => new()
    {
        { Change("\"revision\":\"7\"", Route), "'revision' must be a whole number written as a JSON number, not in quotes" },
        { Change("\"revision\":7", Route.Replace("\"canaryPercentage\":10", "\"canaryPercentage\":\"10\"", StringComparison.Ordinal)), "'route.canaryPercentage' must be a whole number written as a JSON number, not in quotes" },
        { Change("\"revision\":7", Route.Replace("\"revision\":7}", "\"revision\":7,\"fallbackToLegacy\":\"false\"}", StringComparison.Ordinal)), "'route.fallbackToLegacy' must be true or false, not in quotes" },
        { Change("\"REVISION\":7", Route), "$.REVISION: field names are case-sensitive; write 'revision', as the gateway does" },
        { Change("\"revision\":7", Route.Replace("\"mode\"", "\"Mode\"", StringComparison.Ordinal)), "$.route.Mode: field names are case-sensitive; write 'mode', as the gateway does" },
        { Change("\"revision\":7", Route).Replace("\"actor\"", "\"Actor\"", StringComparison.Ordinal), "$.Actor: field names are case-sensitive; write 'actor', as the gateway does" },
    };

    [Theory]
    [MemberData(nameof(RefusedHistory))]
    public void AHistoryLine_WithAQuotedNumberOrAFieldInAnotherCase_IsSkippedNamingTheField(string line, string reason)
    {
        var directory = RouteFiles.NewDirectory();
        var path = Path.Combine(directory, "history.jsonl");
        File.WriteAllLines(path, [Change("\"revision\":6", Route), line]);
        var log = new CapturedLogLines();

        var store = new RouteHistoryStore(path, log.CreateLogger("history"));

        Assert.Equal(6, Assert.Single(store.All()).Revision);
        var logged = Assert.Single(log.Lines);
        Assert.Contains($"History file {path}, line 2, is not read", logged, StringComparison.Ordinal);
        Assert.Contains(reason, logged, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> EarlierForms => new()
    {
        // 8a2b0ff, the first: the user key's source named "kind", no shadow nor rollout.
        {
            "first",
            "{\"at\":\"2025-01-02T03:04:05.678+00:00\",\"actor\":\"ada\",\"reason\":\"canary\",\"action\":\"flip\",\"subdomain\":\"customers\",\"from\":\"legacy\",\"to\":\"canary:10\",\"fromRevision\":3,\"revision\":4,"
            + "\"route\":{\"name\":\"customers\",\"paths\":[\"/customers\"],\"legacy\":\"http://127.0.0.1:1\",\"new\":\"http://127.0.0.1:2\",\"mode\":\"canary\",\"canaryPercentage\":10,\"cohort\":\"c\",\"userKey\":{\"kind\":\"header\",\"name\":\"X-User-Id\"},\"fallbackToLegacy\":true,\"revision\":4}}"
        },
        // A file edit that removed the sub-domain: no route, no "to", no revision.
        { "removed", "{\"at\":\"2025-01-02T03:04:05+00:00\",\"actor\":\"file\",\"reason\":\"customers.json removed\",\"action\":\"file\",\"subdomain\":\"customers\",\"from\":\"new\",\"fromRevision\":9}" },
    };

    [Theory]
    [MemberData(nameof(EarlierForms))]
    public void EveryFormAnEarlierVersionWrote_StillReads(string form, string line)
    {
        var change = StoredJson.Deserialize<RouteChange>(line, AdminJson.Options)!;

        Assert.Equal("customers", change.Subdomain);
        if (form == "first")
        {
            Assert.Equal((3L, 4L, UserKeyKind.Header), (change.FromRevision!.Value, change.Revision!.Value, change.Route!.UserKey!.Kind));
        }
        else
        {
            Assert.Null(change.Route);
        }
    }

    [Fact]
    public void WhatTheGatewayWritesToday_ReadsBack_ShadowRolloutAndUserKeyIncluded()
    {
        var full = Change("\"fromRevision\":6,\"revision\":7",
            "\"route\":{\"name\":\"customers\",\"paths\":[\"/customers\"],\"legacy\":\"http://127.0.0.1:1\",\"new\":\"http://127.0.0.1:2\",\"mode\":\"canary\",\"canaryPercentage\":10,"
            + "\"userKey\":{\"source\":\"cookie\",\"name\":\"uid\"},\"rollout\":{\"steps\":[1,100],\"counting\":\"total\",\"gates\":{\"errorRateMargin\":0.01}},\"revision\":7}");
        var written = JsonSerializer.Serialize(JsonSerializer.Deserialize<RouteChange>(full, AdminJson.Options), AdminJson.Options);

        var change = StoredJson.Deserialize<RouteChange>(written, AdminJson.Options)!;

        Assert.Equal(written, JsonSerializer.Serialize(change, AdminJson.Options));
        Assert.Equal(UserKeyKind.Cookie, change.Route!.UserKey!.Kind);
    }

    [Theory]
    [InlineData("\"step\": \"1\"", "($.step): 'step' must be a whole number written as a JSON number, not in quotes")]
    [InlineData("\"STEP\": 1", "$.STEP: field names are case-sensitive; write 'step', as the gateway does")]
    [InlineData("\"step\": 1, \"evaluations\": [{\"AT\": \"2025-01-02T03:04:05+00:00\"}]", "$.evaluations[0].AT: field names are case-sensitive; write 'at', as the gateway does")]
    public void ARolloutStateFile_WithAQuotedNumberOrAFieldInAnotherCase_IsNotActedOn_NamingTheField(string field, string reason)
    {
        var directory = RouteFiles.NewDirectory();
        try
        {
            File.WriteAllText(Path.Combine(directory, "customers.json"), State("customers", field), new UTF8Encoding(false));
            File.WriteAllText(Path.Combine(directory, "orders.json"), State("orders", "\"step\": 1"), new UTF8Encoding(false));
            var log = new LogLines<FileRolloutStateStore>();

            var store = new FileRolloutStateStore(Options.Create(new GatewayOptions()),
                Options.Create(new RolloutOptions { StateDirectory = directory }), log);

            Assert.Null(store.Get("customers"));
            Assert.Equal(1, store.Get("orders")!.Step);
            var line = Assert.Single(log.Lines);
            Assert.Contains("customers.json cannot be read and is not acted on", line, StringComparison.Ordinal);
            Assert.Contains(reason, line, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void TheFirstRolloutStateForm_StillReads()
    {
        // 8388e7e: no version, no dead-letter baseline; an evaluation with its gates.
        var state = StoredJson.Deserialize<RolloutState>(State("customers",
            "\"step\": 1, \"evaluations\": [{\"at\": \"2025-01-02T03:04:05+00:00\", \"mode\": \"canary:5\", \"outcome\": \"pass\", \"action\": \"promote\", "
            + "\"gates\": [{\"gate\": \"errors\", \"outcome\": \"pass\", \"value\": \"0.1%\", \"limit\": \"1%\"}]}]"), RolloutJson.Indented)!;

        Assert.Equal((RolloutStatus.Running, 1, 0L), (state.Status, state.Step, state.Version));
        Assert.Equal("errors", Assert.Single(Assert.Single(state.Evaluations).Gates).Gate);
    }

    [Fact]
    public async Task TheFleetsRows_AreReadAsStrictly()
    {
        var connectionString = await FleetDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(ct);
            await using var insert = new NpgsqlCommand(
                "INSERT INTO strangler_route_history (revision, change) VALUES (7, @quoted), (8, @cased), (9, @good);"
                + "INSERT INTO strangler_rollout_state (subdomain, version, state, updated_at) VALUES ('customers', 1, @state, now())", connection);
            insert.Parameters.AddWithValue("quoted", Change("\"revision\":\"7\"", Route));
            insert.Parameters.AddWithValue("cased", Change("\"Revision\":8", Route));
            insert.Parameters.AddWithValue("good", Change("\"revision\":9", Route));
            insert.Parameters.AddWithValue("state", State("customers", "\"Step\": 1"));
            await insert.ExecuteNonQueryAsync(ct);
        }

        var routes = new RouteStateStore(LegacyProvider.Postgres, connectionString);
        var history = await routes.ReadHistoryAsync(0, ct);
        var log = new LogLines<FleetRolloutStateStore>();
        var rollouts = new FleetRolloutStateStore(routes, TimeProvider.System, log);
        await rollouts.RefreshAsync(TimeSpan.Zero, ct);

        Assert.Equal(3, history.Count);
        Assert.Contains("'revision' must be a whole number written as a JSON number, not in quotes", history[0].Problem, StringComparison.Ordinal);
        Assert.Equal("$.Revision: field names are case-sensitive; write 'revision', as the gateway does", history[1].Problem);
        Assert.Equal(9, history[2].Change!.Revision);
        Assert.Null(rollouts.Get("customers"));
        Assert.Contains(log.Lines, l => l.EndsWith("$.Step: field names are case-sensitive; write 'step', as the gateway does", StringComparison.Ordinal));
    }

    private static string Change(string revisions, string route) =>
        "{\"at\":\"1970-01-01T00:00:00+00:00\",\"actor\":\"ada\",\"reason\":\"r\",\"action\":\"flip\",\"subdomain\":\"customers\",\"from\":\"legacy\",\"to\":\"canary:10\","
        + revisions + "," + route + "}";

    private static string State(string subdomain, string fields) => $$"""
        {
          "subdomain": "{{subdomain}}",
          "status": "running",
          {{fields}},
          "expectedMode": "canary:5",
          "startedAt": "2025-01-02T03:04:05+00:00",
          "startedBy": "ada",
          "stepStartedAt": "2025-01-02T03:04:05+00:00",
          "nextEvaluationAt": "2025-01-02T03:05:05+00:00",
          "failures": 0,
          "message": "",
          "updatedAt": "2025-01-02T03:04:05+00:00"
        }
        """;
}
