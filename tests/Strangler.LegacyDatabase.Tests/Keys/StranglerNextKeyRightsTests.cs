using Dapper;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Migrations;
using Strangler.LegacyDatabase.Tests.Infrastructure;

namespace Strangler.LegacyDatabase.Tests.Keys;

/// <summary>
/// PostgreSQL's <c>strangler_next_key</c> runs with its owner's rights, so the monolith's user takes keys with no right
/// on <c>strangler_key_blocks</c>. It ran with the caller's, which needed UPDATE on the table: enough to move any
/// entity's next_value by hand and break key continuity.
/// </summary>
public sealed class StranglerNextKeyRightsTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_monolith_role_with_only_execute_takes_keys_but_cannot_touch_the_block_table()
    {
        var dialect = SqlDialects.For(LegacyProvider.Postgres);
        var cs = await postgres.CreateSchemaAsync();
        var schema = new NpgsqlConnectionStringBuilder(cs).SearchPath!;
        var role = "monolith_" + Guid.NewGuid().ToString("N");
        try
        {
            await new MigrationRunner(dialect, new FakeTimeProvider()).ApplyAsync(cs, MigrationSource.Embedded(LegacyProvider.Postgres));
            await Sql.ExecAsync(dialect, cs, "INSERT INTO strangler_key_blocks (entity, next_value) VALUES ('customers', 4)");
            await Sql.ExecAsync(dialect, cs, $"CREATE ROLE {role} NOLOGIN; GRANT USAGE ON SCHEMA {schema} TO {role}; " +
                $"GRANT EXECUTE ON FUNCTION {schema}.strangler_next_key(text) TO {role}");

            // The monolith's own search_path, without Strangler's schema, as in the README.
            await using var monolith = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { SearchPath = "public", Pooling = false }.ConnectionString);
            await monolith.OpenAsync(TestContext.Current.CancellationToken);
            await monolith.ExecuteAsync($"SET ROLE {role}");

            var first = await monolith.QuerySingleAsync<long>($"SELECT {schema}.strangler_next_key('customers')");
            var moved = await Assert.ThrowsAsync<PostgresException>(() =>
                monolith.ExecuteAsync($"UPDATE {schema}.strangler_key_blocks SET next_value = 1 WHERE entity = 'customers'"));
            var read = await Assert.ThrowsAsync<PostgresException>(() => monolith.QueryAsync<long>($"SELECT next_value FROM {schema}.strangler_key_blocks"));
            // A temporary table of the caller's is searched before any schema a definer's search_path names, unless
            // pg_temp is named in it: this one would have handed out key 1000.
            await monolith.ExecuteAsync("CREATE TEMP TABLE strangler_key_blocks (entity varchar(200) PRIMARY KEY, next_value bigint NOT NULL); " +
                "INSERT INTO strangler_key_blocks VALUES ('customers', 1000)");
            var second = await monolith.QuerySingleAsync<long>($"SELECT {schema}.strangler_next_key('customers')");

            Assert.Equal(4, first);
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, moved.SqlState);
            Assert.Equal("permission denied for table strangler_key_blocks", moved.MessageText);
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, read.SqlState);
            Assert.Equal(5, second);
            Assert.Equal(6, (await Sql.QueryAsync<long>(dialect, cs, "SELECT next_value FROM strangler_key_blocks WHERE entity = 'customers'")).Single());
        }
        finally
        {
            // Roles belong to the whole server, not to the test's schema.
            await Sql.ExecAsync(dialect, cs, $"DROP SCHEMA IF EXISTS {schema} CASCADE; " +
                $"DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN DROP OWNED BY {role}; DROP ROLE {role}; END IF; END $$");
        }
    }
}
