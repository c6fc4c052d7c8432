using Strangler.Sync.Debezium;
using Strangler.Sync.Projection;

namespace Strangler.Sync.Tests.Projection;

/// <summary>
/// Regression (found projecting a PostgreSQL table through Debezium): PostgreSQL's default replica identity logs a
/// deleted row's key only, Debezium sends its other columns as null, and every delete of a child row was
/// dead-lettered as "column 'product_id' (ParentKeyColumn) is missing or null", nothing saying why or what to change.
/// </summary>
public sealed class ChildDeleteWithoutRowImageTests
{
    [Fact]
    public void A_child_delete_whose_before_image_holds_only_the_key_names_the_replica_identity_to_set()
    {
        var projector = new ChangeProjector(new CustomersProjection().Define());
        var delete = Changes.Address(ChangeOperation.Delete, 10, 1, "Rome", 5) with
        {
            Before = new Dictionary<string, object?> { ["Id"] = 10L, ["CustomerId"] = null, ["City"] = null },
        };

        var error = Assert.Throws<ProjectionException>(() => projector.Project(delete));

        Assert.StartsWith("dbo.Addresses: column 'CustomerId' (ParentKeyColumn) is missing or null in the delete's before-image", error.Message, StringComparison.Ordinal);
        Assert.Contains("ALTER TABLE dbo.Addresses REPLICA IDENTITY FULL", error.Message, StringComparison.Ordinal);
        Assert.Contains("strangler reconcile --repair new", error.Message, StringComparison.Ordinal);
    }
}
