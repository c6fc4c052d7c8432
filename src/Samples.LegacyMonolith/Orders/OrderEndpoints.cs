namespace Samples.LegacyMonolith.Orders;

/// <summary>The orders sub-domain's HTTP API; it stays on the monolith in the demo.</summary>
internal static class OrderEndpoints
{
    public static void MapOrders(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/orders");
        group.MapGet("/", async (OrderRepository repository, CancellationToken ct) =>
            Results.Ok(await repository.ListAsync(ct)));
        group.MapGet("/{id:long}", async (long id, OrderRepository repository, CancellationToken ct) =>
            await repository.GetAsync(id, ct) is { } order
                ? Results.Ok(order)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Order {id} does not exist."));
        group.MapPost("/", async (OrderInput? input, OrderRepository repository, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (input?.CustomerId is null)
            {
                errors["customerId"] = ["'customerId' is required."];
            }

            if (input?.Total is not > 0m)
            {
                errors["total"] = ["'total' is required and must be greater than zero."];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            var order = await repository.CreateAsync(input!.CustomerId!.Value, input.Total!.Value, ct);
            return order is null
                ? Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["customerId"] = [$"Customer {input.CustomerId} does not exist."],
                })
                : Results.Created($"/orders/{order.Id}", order);
        });
    }
}
