namespace Samples.CustomersService.Customers;

/// <summary>Checks a <see cref="CustomerInput"/> and reports every problem at once, keyed by the JSON field.</summary>
internal static class CustomerInputValidator
{
    private const int MaxLength = 200;

    public static Dictionary<string, string[]> Validate(CustomerInput? input)
    {
        var errors = new Dictionary<string, string[]>();
        if (input is null)
        {
            errors["body"] = ["A JSON object with name, email and addresses is required."];
            return errors;
        }

        Require(errors, "name", input.Name);
        Require(errors, "email", input.Email);
        if (!string.IsNullOrWhiteSpace(input.Email) && !input.Email.Contains('@'))
        {
            errors["email"] = ["'email' must contain '@'."];
        }

        var addresses = input.Addresses ?? [];
        for (var i = 0; i < addresses.Count; i++)
        {
            var address = addresses[i];
            if (address is null)
            {
                errors[$"addresses[{i}]"] = ["An address must be an object."];
                continue;
            }

            Require(errors, $"addresses[{i}].street", address.Street);
            Require(errors, $"addresses[{i}].city", address.City);
            Require(errors, $"addresses[{i}].kind", address.Kind);
        }

        return errors;
    }

    private static void Require(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"'{field}' is required."];
        }
        else if (value.Length > MaxLength)
        {
            errors[field] = [$"'{field}' must be at most {MaxLength} characters."];
        }
    }
}
