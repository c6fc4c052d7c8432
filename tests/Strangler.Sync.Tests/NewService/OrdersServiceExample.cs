using System.Globalization;
using LiteDB;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Outbox;
using Strangler.Outbox.LiteDb;

namespace Strangler.Sync.Tests.NewService;

/// <summary>
/// The README's "Writing a new service" example: an Orders service that reads the documents the sync worker projects
/// and raises its changes through the outbox. The lines between the markers are the README's code block, verbatim
/// (<see cref="NewServiceReadmeTests"/> checks it), and the same tests run them against the worker.
/// </summary>
internal static class OrdersServiceExample
{
    public static WebApplication Build(string[] args)
    {
        // README:begin
        var builder = WebApplication.CreateBuilder(args);
        // The file the sync worker projects into (its Strangler:Sync:Store:LiteDbPath). Shared mode: the worker's
        // process opens it too; a plain path opens it exclusively and the service never sees the worker's writes.
        var file = builder.Configuration["Orders:DatabasePath"] ?? throw new InvalidOperationException("Orders:DatabasePath is required.");
        builder.Services.AddSingleton<ILiteDatabase>(_ => new LiteDatabase(
            new ConnectionString { Filename = file, Connection = ConnectionType.Shared }, new BsonMapper()));
        builder.Services.AddStranglerOutbox().UseLiteDb();   // Strangler:Outbox: BootstrapServers, Topic, Source

        var app = builder.Build();
        // Documents are the legacy rows: _id the key, the other columns under their own names (see the worker's settings).
        static object View(BsonDocument order) =>
            new { id = order["_id"].AsInt64, customerId = order["CustomerId"].AsInt64, total = order["Total"].AsDecimal };
        app.MapGet("/orders", (ILiteDatabase db) => db.GetCollection("orders").Find(LiteDbProjected.Live).Select(View).ToList());
        app.MapGet("/orders/{id:long}", (long id, ILiteDatabase db) =>
            db.GetCollection("orders").FindById(id) is { } order && LiteDbProjected.IsLive(order) ? Results.Ok(View(order)) : Results.NotFound());
        app.MapPut("/orders/{id:long}/total", (long id, OrderTotal input, LiteDbOutbox outbox) =>
        {
            var found = false;
            outbox.InTransaction((db, o) =>
            {
                var orders = db.GetCollection("orders");
                if (orders.FindById(id) is not { } order || !LiteDbProjected.IsLive(order))
                {
                    return;
                }

                order["Total"] = input.Total;
                orders.Update(order);   // the document keeps its _pos: a later change in the monolith still applies
                // Only the changed field: the mapping is an update ("Operation": "update"), which sets Total in the
                // existing legacy row and leaves the columns only the monolith writes as they are.
                o.Stage("OrderTotalChanged", id.ToString(CultureInfo.InvariantCulture), new { total = input.Total });
                found = true;
            });
            return found ? Results.NoContent() : Results.NotFound();
        });
        app.MapDelete("/orders/{id:long}", (long id, LiteDbOutbox outbox) =>
        {
            var deleted = false;
            outbox.InTransaction((db, o) =>
            {
                deleted = o.Delete("orders", id);   // a tombstone, never a removal (see "Deletes, from either side")
                if (deleted)
                {
                    o.Stage("OrderCancelled", id.ToString(CultureInfo.InvariantCulture), new { id });
                }
            });
            return deleted ? Results.NoContent() : Results.NotFound();
        });
        // README:end
        return app;
    }

    /// <summary>The body of <c>PUT /orders/{id}/total</c>.</summary>
    internal sealed record OrderTotal(decimal Total);
}
