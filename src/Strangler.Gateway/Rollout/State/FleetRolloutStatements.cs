using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Gateway.Rollout.State;

/// <summary>
/// The statements of the fleet's rollout state table (<c>migrations/*/0022_gateway_rollout_state.sql</c>) in each
/// engine's own form: a read of every row, and the two compare-and-set writes, which change a row only at the version
/// the writer read.
/// </summary>
internal sealed record FleetRolloutStatements
{
    /// <summary>Every row: sub-domain, version, state and its age in milliseconds by the database's clock.</summary>
    public required string ReadAll { get; init; }

    /// <summary>Creates the sub-domain's row at version 1 unless a row exists; one row affected means it won.</summary>
    public required string Insert { get; init; }

    /// <summary>Moves the row from <c>@version</c> to <c>@version + 1</c>; one row affected means it won.</summary>
    public required string Update { get; init; }

    public static FleetRolloutStatements For(LegacyProvider provider) => provider switch
    {
        LegacyProvider.Postgres => Postgres,
        LegacyProvider.SqlServer => SqlServer,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "The fleet store runs on postgres or sqlserver."),
    };

    private static readonly FleetRolloutStatements Postgres = new()
    {
        ReadAll = """
            SELECT subdomain, version, state, CAST(EXTRACT(EPOCH FROM now() - updated_at) * 1000 AS bigint)
            FROM strangler_rollout_state ORDER BY subdomain
            """,
        Insert = """
            INSERT INTO strangler_rollout_state (subdomain, version, state, updated_at) VALUES (@subdomain, 1, @state, now())
            ON CONFLICT (subdomain) DO NOTHING
            """,
        Update = """
            UPDATE strangler_rollout_state SET version = @version + 1, state = @state, updated_at = now()
            WHERE subdomain = @subdomain AND version = @version
            """,
    };

    // UPDLOCK, HOLDLOCK on the existence check: two inserts of the same sub-domain then queue on the key instead of
    // both passing the check and one failing on the primary key.
    private static readonly FleetRolloutStatements SqlServer = new()
    {
        ReadAll = """
            SELECT [subdomain], [version], [state], CAST(DATEDIFF_BIG(millisecond, [updated_at], SYSDATETIMEOFFSET()) AS bigint)
            FROM [strangler_rollout_state] ORDER BY [subdomain]
            """,
        Insert = """
            INSERT INTO [strangler_rollout_state] ([subdomain], [version], [state], [updated_at])
            SELECT @subdomain, 1, @state, SYSDATETIMEOFFSET()
            WHERE NOT EXISTS (SELECT 1 FROM [strangler_rollout_state] WITH (UPDLOCK, HOLDLOCK) WHERE [subdomain] = @subdomain)
            """,
        Update = """
            UPDATE [strangler_rollout_state] SET [version] = @version + 1, [state] = @state, [updated_at] = SYSDATETIMEOFFSET()
            WHERE [subdomain] = @subdomain AND [version] = @version
            """,
    };
}
