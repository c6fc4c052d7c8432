namespace Samples.LegacyMonolith.Customers;

/// <summary>The customers sub-domain's HTTP API: the part of the monolith the demo strangles first.</summary>
internal static class CustomerEndpoints
{
    public static void MapCustomers(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/customers");
        group.MapGet("/", async (CustomerRepository repository, CancellationToken ct) =>
            Results.Ok(await repository.ListAsync(ct)));
        group.MapGet("/{id:long}", async (long id, CustomerRepository repository, CancellationToken ct) =>
            await repository.GetAsync(id, ct) is { } customer ? Results.Ok(customer) : NotFound(id));
        group.MapPost("/", async (CustomerInput? input, CustomerRepository repository, CancellationToken ct) =>
        {
            var errors = CustomerInputValidator.Validate(input);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            var customer = await repository.CreateAsync(input!, ct);
            return Results.Created($"/customers/{customer.Id}", customer);
        });
        group.MapPut("/{id:long}", async (long id, CustomerInput? input, CustomerRepository repository, CancellationToken ct) =>
        {
            var errors = CustomerInputValidator.Validate(input);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            return await repository.UpdateAsync(id, input!, ct) is { } customer ? Results.Ok(customer) : NotFound(id);
        });
        group.MapDelete("/{id:long}", async (long id, CustomerRepository repository, CancellationToken ct) =>
            await repository.DeleteAsync(id, ct) ? Results.NoContent() : NotFound(id));
    }

    private static IResult NotFound(long id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Customer {id} does not exist.");
}
