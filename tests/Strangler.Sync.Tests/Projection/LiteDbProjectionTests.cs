using Strangler.Sync.Debezium;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;
using static Strangler.Sync.Tests.Projection.Changes;

namespace Strangler.Sync.Tests.Projection;

/// <summary>The projector and the LiteDB store together: what documents a sequence of changes leaves behind.</summary>
public sealed class LiteDbProjectionTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");
    private readonly LiteDbDocumentStore _store;
    private readonly ChangeProjector _projector = new(new CustomersProjection().Define());

    public LiteDbProjectionTests() => _store = new LiteDbDocumentStore(_path);

    public void Dispose()
    {
        _store.Dispose();
        File.Delete(_path);
    }

    private async Task<WriteCounts> ApplyAsync(params ChangeEvent[] changes) =>
        await _store.ApplyAsync("customers", changes.SelectMany(_projector.Project).ToList(), TestContext.Current.CancellationToken);

    private Task<IReadOnlyDictionary<string, object?>?> CustomerAsync(long id) =>
        _store.FindAsync("customers", id, TestContext.Current.CancellationToken);

    private static List<IReadOnlyDictionary<string, object?>> Addresses(IReadOnlyDictionary<string, object?> customer) =>
        ((List<object?>)customer["addresses"]!).Cast<IReadOnlyDictionary<string, object?>>().ToList();

    [Fact]
    public async Task Create_update_and_delete_of_the_root_row_shape_the_document()
    {
        await ApplyAsync(Customer(ChangeOperation.Create, 1, "Ada", 1));
        var created = await CustomerAsync(1);
        Assert.Equal("Ada", created!["name"]);
        Assert.Equal(10.50m, created["creditLimit"]);
        Assert.False(created.ContainsKey("Id"));

        await ApplyAsync(Customer(ChangeOperation.Update, 1, "Ada L.", 2, "99"));
        var updated = await CustomerAsync(1);
        Assert.Equal("Ada L.", updated!["name"]);
        Assert.Equal(99m, updated["creditLimit"]);

        await ApplyAsync(Customer(ChangeOperation.Delete, 1, "Ada L.", 3));
        var deleted = await CustomerAsync(1);
        Assert.Equal(true, deleted![DocumentFields.Deleted]);
        Assert.False(deleted.ContainsKey("name"));
    }

    [Fact]
    public async Task Duplicates_and_replays_change_nothing()
    {
        var changes = new[] { Customer(ChangeOperation.Read, 1, "Ada", 1), Customer(ChangeOperation.Update, 1, "Ada L.", 2) };
        Assert.Equal(new WriteCounts(2, 0), await ApplyAsync(changes));
        Assert.Equal(new WriteCounts(0, 2), await ApplyAsync(changes));
        Assert.Equal(new WriteCounts(0, 1), await ApplyAsync(changes[1]));

        var customer = await CustomerAsync(1);
        Assert.Equal("Ada L.", customer!["name"]);
        Assert.Equal(At(2).Value, customer[DocumentFields.Position]);
    }

    [Fact]
    public async Task An_older_change_arriving_late_is_ignored()
    {
        await ApplyAsync(Customer(ChangeOperation.Update, 1, "newest", 5));
        var counts = await ApplyAsync(Customer(ChangeOperation.Update, 1, "older", 4), Customer(ChangeOperation.Create, 1, "oldest", 1));

        Assert.Equal(new WriteCounts(0, 2), counts);
        Assert.Equal("newest", (await CustomerAsync(1))!["name"]);
    }

    [Fact]
    public async Task A_replayed_create_does_not_resurrect_a_deleted_document()
    {
        await ApplyAsync(Customer(ChangeOperation.Create, 1, "Ada", 1), Customer(ChangeOperation.Delete, 1, "Ada", 2));
        await ApplyAsync(Customer(ChangeOperation.Create, 1, "Ada", 1));

        Assert.Equal(true, (await CustomerAsync(1))![DocumentFields.Deleted]);
    }

    [Fact]
    public async Task Child_rows_become_embedded_items_with_their_own_guard()
    {
        await ApplyAsync(
            Customer(ChangeOperation.Create, 1, "Ada", 1),
            Address(ChangeOperation.Create, 10, 1, "London", 2),
            Address(ChangeOperation.Create, 11, 1, "Paris", 3),
            Address(ChangeOperation.Update, 10, 1, "Cambridge", 4));
        await ApplyAsync(Address(ChangeOperation.Update, 10, 1, "London", 2)); // stale replay

        var addresses = Addresses((await CustomerAsync(1))!);
        Assert.Equal(["Cambridge", "Paris"], addresses.Select(a => a["city"]));
        Assert.Equal([10L, 11L], addresses.Select(a => a[DocumentFields.ItemKey]));
        Assert.All(addresses, a => Assert.False(a.ContainsKey("CustomerId")));

        await ApplyAsync(Address(ChangeOperation.Delete, 11, 1, "Paris", 5));
        addresses = Addresses((await CustomerAsync(1))!);
        Assert.Equal(true, addresses.Single(a => (long)a[DocumentFields.ItemKey]! == 11)[DocumentFields.Deleted]);
        Assert.Equal("Ada", (await CustomerAsync(1))!["name"]);
    }

    [Fact]
    public async Task A_child_arriving_before_its_parent_is_kept_and_the_parent_fills_in_later()
    {
        await ApplyAsync(Address(ChangeOperation.Create, 10, 7, "Oslo", 9));
        await ApplyAsync(Customer(ChangeOperation.Create, 7, "Grace", 3));

        var customer = (await CustomerAsync(7))!;
        Assert.Equal("Grace", customer["name"]);
        Assert.Equal("Oslo", Addresses(customer).Single()["city"]);
    }

    [Fact]
    public async Task A_child_moved_to_another_parent_leaves_the_old_document()
    {
        await ApplyAsync(Customer(ChangeOperation.Create, 1, "A", 1), Customer(ChangeOperation.Create, 2, "B", 2), Address(ChangeOperation.Create, 10, 1, "Rome", 3));
        await ApplyAsync(Address(ChangeOperation.Update, 10, 2, "Rome", 4, previousCustomerId: 1));

        Assert.Equal(true, Addresses((await CustomerAsync(1))!).Single()[DocumentFields.Deleted]);
        Assert.Equal("Rome", Addresses((await CustomerAsync(2))!).Single()["city"]);
    }

    [Fact]
    public async Task Truncates_clear_what_the_table_fed_and_later_rows_survive()
    {
        await ApplyAsync(
            Customer(ChangeOperation.Create, 1, "A", 1), Address(ChangeOperation.Create, 10, 1, "Rome", 2),
            Truncate("dbo.Addresses", 3), Address(ChangeOperation.Create, 11, 1, "Milan", 4));
        var addresses = Addresses((await CustomerAsync(1))!);
        Assert.Equal(true, addresses.Single(a => (long)a[DocumentFields.ItemKey]! == 10)[DocumentFields.Deleted]);
        Assert.Equal("Milan", addresses.Single(a => (long)a[DocumentFields.ItemKey]! == 11)["city"]);
        Assert.Equal("A", (await CustomerAsync(1))!["name"]);

        await ApplyAsync(Customer(ChangeOperation.Create, 2, "B", 5), Truncate("dbo.Customers", 6), Customer(ChangeOperation.Create, 3, "C", 7));
        Assert.Equal(true, (await CustomerAsync(1))![DocumentFields.Deleted]);
        Assert.Equal(true, (await CustomerAsync(2))![DocumentFields.Deleted]);
        Assert.Equal("C", (await CustomerAsync(3))!["name"]);
        Assert.Equal(new WriteCounts(0, 1), await ApplyAsync(Truncate("dbo.Customers", 6)));
    }

    [Fact]
    public async Task Tombstones_write_nothing()
    {
        var tombstone = new ChangeEvent { Table = "dbo.Customers", Op = ChangeOperation.Tombstone, Key = new Dictionary<string, object?> { ["Id"] = 1L }, Position = SourcePosition.Kafka(0, 1) };
        Assert.Empty(_projector.Project(tombstone));
    }

    [Fact]
    public void A_change_that_cannot_be_projected_names_the_problem()
    {
        var unknown = Customer(ChangeOperation.Create, 1, "A", 1) with { Table = "dbo.Orders" };
        Assert.Contains("'dbo.Orders' is not part of projection 'customers-projection'", Assert.Throws<ProjectionException>(() => _projector.Project(unknown)).Message);

        var badDecimal = Customer(ChangeOperation.Create, 1, "A", 1, creditLimit: "lots");
        Assert.StartsWith("dbo.Customers.CreditLimit: cannot convert", Assert.Throws<ProjectionException>(() => _projector.Project(badDecimal)).Message);

        var orphan = Address(ChangeOperation.Create, 10, 1, "Rome", 1) with { After = new Dictionary<string, object?> { ["Id"] = 10L } };
        Assert.Contains("'CustomerId' (ParentKeyColumn) is missing", Assert.Throws<ProjectionException>(() => _projector.Project(orphan)).Message);
    }

    [Fact]
    public void Validator_reports_every_problem_with_its_field()
    {
        var errors = ProjectionValidator.Validate([new ProjectionOptions
        {
            Root = new TableMapping { Table = "dbo.Customers", Columns = new Dictionary<string, ColumnMapping> { ["X"] = new() { Type = "money" } } },
            Children = [new ChildTableMapping { Table = "dbo.Customers" }],
        }]);

        Assert.Contains("Strangler:Sync:Projections:0:Name: is required", errors);
        Assert.Contains("Strangler:Sync:Projections:0:Collection: is required", errors);
        Assert.Contains("Strangler:Sync:Projections:0:Root:Topic: is required", errors);
        Assert.Contains(errors, e => e.StartsWith("Strangler:Sync:Projections:0:Root:Columns:X:Type: 'money'", StringComparison.Ordinal));
        Assert.Contains("Strangler:Sync:Projections:0:Children:0:Array: is required", errors);
        Assert.Contains("Strangler:Sync:Projections:0:Children:0:Table: 'dbo.Customers' is already the root table", errors);
    }
}
