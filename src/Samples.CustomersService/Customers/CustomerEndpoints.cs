using Samples.CustomersService.Store;

namespace Samples.CustomersService.Customers;

/// <summary>The same <c>/customers</c> contract as the monolith, so the gateway can move traffic without clients noticing.</summary>
internal static class CustomerEndpoints
{
    public static void MapCustomers(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/customers");
        group.MapGet("/", (CustomerStore store) => Results.Ok(store.List()));
        group.MapGet("/{id:long}", (long id, CustomerStore store) =>
            store.Get(id) is { } customer ? Results.Ok(customer) : NotFound(id));
        group.MapPost("/", async (CustomerInput? input, CustomerStore store, CancellationToken cancellationToken) =>
        {
            var errors = CustomerInputValidator.Validate(input);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            var customer = await store.CreateAsync(input!, cancellationToken);
            return Results.Created($"/customers/{customer.Id}", customer);
        });
        group.MapPut("/{id:long}", async (long id, CustomerInput? input, CustomerStore store, CancellationToken cancellationToken) =>
        {
            var errors = CustomerInputValidator.Validate(input);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            return await store.UpdateAsync(id, input!, cancellationToken) is { } customer ? Results.Ok(customer) : NotFound(id);
        });
        group.MapDelete("/{id:long}", (long id, CustomerStore store) =>
            store.Delete(id) ? Results.NoContent() : NotFound(id));
    }

    private static IResult NotFound(long id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Customer {id} does not exist.");
}
