using System.Globalization;
using LiteDB;
using LiteDB.Engine;

namespace Strangler.LiteDb;

/// <summary>
/// Opens a LiteDB file, shared between processes, whose string keys compare the same in every process that opens it.
/// </summary>
/// <remarks>
/// LiteDB stores a collation in the file and orders its indexes by it. Its default, the current culture ignoring case,
/// compares ordinally in a process with invariant globalization and linguistically in one with ICU, so a file written
/// by one and read by the other misses documents (measured: 7 of 16 string keys not found by id). Strangler needs ICU
/// (Microsoft.Data.SqlClient refuses invariant mode) and a new service may run either way, so the file is pinned to
/// ordinal, ignoring case: the order an invariant-mode process always used, the same with or without ICU. A file made
/// by an earlier Strangler with the default is rebuilt once (LiteDB keeps the old copy next to it as -backup).
/// </remarks>
internal static class LiteDbFiles
{
    private static readonly Collation Ordinal = new(CultureInfo.InvariantCulture.LCID, CompareOptions.OrdinalIgnoreCase);

    public static LiteDatabase OpenShared(string path, BsonMapper mapper)
    {
        if (!File.Exists(path))
        {
            // Shared mode opens the file per operation, with the collation of the connection string every time, and
            // refuses a file whose own differs: so the file is made here, once, and then opened as it is, whoever
            // made it.
            using var create = new LiteDatabase(new ConnectionString
            {
                Filename = path,
                Connection = ConnectionType.Shared,
                Collation = Ordinal,
            });
            _ = create.Collation;
        }

        var database = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Shared }, mapper);
        try
        {
            if (database.Collation.SortOptions != CompareOptions.OrdinalIgnoreCase)
            {
                database.Rebuild(new RebuildOptions { Collation = Ordinal });
            }

            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }
}
