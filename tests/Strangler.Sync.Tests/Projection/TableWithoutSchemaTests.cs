using Strangler.Sync.Debezium;
using Strangler.Sync.Projection;

namespace Strangler.Sync.Tests.Projection;

/// <summary>
/// Regression (found writing a new service's projection): <c>"Root": { "Table": "products" }</c> passes reconcile and
/// load, which read the table by that name, but every Debezium change of <c>public.products</c> was dead-lettered as
/// "table 'public.products' is not part of projection", nothing naming the setting or the name it wants.
/// </summary>
public sealed class TableWithoutSchemaTests
{
    [Fact]
    public void A_change_of_a_table_configured_without_its_schema_names_the_setting_and_the_name_to_write()
    {
        var projection = new CustomersProjection().Define();
        var projector = new ChangeProjector(projection with { Children = [projection.Children[0] with { Table = "Addresses" }] });

        var error = Assert.Throws<ProjectionException>(() => projector.Project(Changes.Address(ChangeOperation.Create, 10, 1, "Rome", 5)));

        Assert.Equal(
            "table 'dbo.Addresses' is not part of projection 'customers-projection': its Children:0:Table is 'Addresses'; write it as the change " +
            "names it, 'dbo.Addresses' (schema.table, as Debezium's source block gives it)",
            error.Message);
    }

    [Fact]
    public void A_change_of_an_unrelated_table_says_only_that()
    {
        var projector = new ChangeProjector(new CustomersProjection().Define());

        var error = Assert.Throws<ProjectionException>(() => projector.Project(Changes.Customer(ChangeOperation.Create, 1, "A", 1) with { Table = "dbo.Orders" }));

        Assert.Equal("table 'dbo.Orders' is not part of projection 'customers-projection'", error.Message);
    }
}
