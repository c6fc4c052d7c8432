using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Stores;

/// <summary>
/// The store's guarded upserts take a duplicate key on <c>_id</c> for a stale write and nothing else. The messages are
/// MongoDB's E11000 texts as servers write them (3.0 and later: "collection: … index: … dup key"; 2.x: "index:
/// db.coll.$name dup key"); no MongoDB server runs here (TESTING.md), so the store's own path is covered by
/// MongoDocumentStoreTests where one is reachable.
/// </summary>
public sealed class MongoDuplicateKeyTests
{
    [Theory]
    [InlineData("E11000 duplicate key error collection: app.customers index: _id_ dup key: { _id: 42 }", "_id_")]
    [InlineData("E11000 duplicate key error collection: app.customers index: email_1 dup key: { email: \"ada@example.com\" }", "email_1")]
    [InlineData("E11000 duplicate key error index: app.customers.$email_1 dup key: { : \"ada@example.com\" }", "email_1")]
    [InlineData("E11000 duplicate key error collection: app.c dup key: { _id: 1 }", null)]
    public void The_index_is_read_from_the_message(string message, string? index) =>
        Assert.Equal(index, MongoDuplicateKey.IndexName(message));

    [Theory]
    [InlineData("E11000 duplicate key error collection: app.customers index: _id_ dup key: { _id: 42 }", true)]
    [InlineData("E11000 duplicate key error index: app.customers.$_id_ dup key: { : 42 }", true)]
    [InlineData("E11000 duplicate key error collection: app.customers index: email_1 dup key: { email: \"ada@example.com\" }", false)]
    [InlineData("E11000 duplicate key error collection: app.customers index: tenant_1__id_1 dup key: { tenant: 1, _id: 42 }", false)]
    // Bug: every duplicate key was a stale write, so a change refused by the service's own unique index was counted
    // skipped and lost.
    public void Only_a_duplicate_on_the_id_is_a_stale_write(string message, bool stale) =>
        Assert.Equal(stale, MongoDuplicateKey.IsOnDocumentId(message));

    [Fact]
    public void A_refused_document_is_described_by_its_index_without_the_value()
    {
        var text = MongoDuplicateKey.Describe("E11000 duplicate key error collection: app.customers index: email_1 dup key: { email: \"ada@example.com\" }");

        Assert.Contains("'email_1'", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@example.com", text, StringComparison.Ordinal);
    }
}
