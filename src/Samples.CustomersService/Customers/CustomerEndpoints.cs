using Samples.CustomersService.Store;

namespace Samples.CustomersService.Customers;

/// <summary>The same <c>/customers</c> contract as the monolith, so the gateway can move traffic without clients noticing.</summary>
internal static class CustomerEndpoints
{
    public static void MapCustomers(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/customers");
        group.MapGet("/", (CustomerStore store) => Results.Ok(store.List()));
        // The demo's deliberate difference (README, "Shadow traffic"): this service answers e-mail addresses in lower
        // case, the monolith as they were entered. Shadow traffic finds it at /email on GET /customers/{id}.
        group.MapGet("/{id:long}", (long id, CustomerStore store) =>
            store.Get(id) is { } customer ? Results.Ok(customer with { Email = customer.Email.ToLowerInvariant() }) : NotFound(id));
        group.MapPost("/", async (HttpContext http, CustomerInput? input, CustomerStore store, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var errors = CustomerInputValidator.Validate(input);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            if (ShadowRequests.IsShadow(http))
            {
                return Results.Created("/customers/0", ShadowRequests.Preview(0, input!, time.GetUtcNow()));
            }

            var customer = await store.CreateAsync(input!, cancellationToken);
            return Results.Created($"/customers/{customer.Id}", customer);
        });
        group.MapPut("/{id:long}", async (HttpContext http, long id, CustomerInput? input, CustomerStore store, CancellationToken cancellationToken) =>
        {
            var errors = CustomerInputValidator.Validate(input);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            if (ShadowRequests.IsShadow(http))
            {
                return store.Get(id) is { } existing ? Results.Ok(ShadowRequests.Preview(id, input!, existing.CreatedAt)) : NotFound(id);
            }

            return await store.UpdateAsync(id, input!, cancellationToken) is { } customer ? Results.Ok(customer) : NotFound(id);
        });
        group.MapDelete("/{id:long}", (HttpContext http, long id, CustomerStore store) =>
            (ShadowRequests.IsShadow(http) ? store.Get(id) is not null : store.Delete(id)) ? Results.NoContent() : NotFound(id));
    }

    private static IResult NotFound(long id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Customer {id} does not exist.");
}
