using System.Globalization;
using LiteDB;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Stores;

/// <summary>
/// The store file's collation, which orders its indexes: pinned to ordinal ignoring case, so a process with ICU (the
/// CLI, for SQL Server) and one without (a new service built from the web template) find the same documents.
/// Regression: files kept LiteDB's default, the current culture, which is ordinal without ICU and linguistic with it;
/// a file written by one and read by the other missed 7 of 16 string keys.
/// </summary>
public sealed class LiteDbCollationTests : IDisposable
{
    private static readonly string[] Keys =
        ["a_b", "aB", "a-b", "A1", "Zeta", "zeta2", "é", "e", "a b", "a.b", "a~b", "customer:10", "customer:9", "customer_1"];

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        File.Delete(_path);
        File.Delete(Path.ChangeExtension(_path, null) + "-backup.db");
    }

    [Fact]
    public void NewFile_IsCreatedWithTheOrdinalCollation()
    {
        new LiteDbDocumentStore(_path).Dispose();

        using var database = OpenAsItIs();
        Assert.Equal(CompareOptions.OrdinalIgnoreCase, database.Collation.SortOptions);
    }

    [Fact]
    public void FileWithLiteDbsDefaultCollation_IsRebuiltOnce_AndKeepsEveryDocument()
    {
        using (var earlier = OpenAsItIs())
        {
            var documents = earlier.GetCollection("customers");
            foreach (var key in Keys)
            {
                documents.Insert(new BsonDocument { ["_id"] = key, ["name"] = "n-" + key });
            }
            Assert.Equal(CompareOptions.IgnoreCase, earlier.Collation.SortOptions);
        }

        new LiteDbDocumentStore(_path).Dispose();

        using var database = OpenAsItIs();
        Assert.Equal(CompareOptions.OrdinalIgnoreCase, database.Collation.SortOptions);
        var customers = database.GetCollection("customers");
        Assert.Equal(Keys.Length, customers.Count());
        Assert.All(Keys, key => Assert.Equal("n-" + key, customers.FindById(key)?["name"].AsString));
        Assert.Equal("n-AB", "n-" + customers.FindById("AB")?["_id"].AsString.ToUpperInvariant());
    }

    private LiteDatabase OpenAsItIs() =>
        new(new ConnectionString { Filename = _path, Connection = ConnectionType.Shared }, new BsonMapper());
}
