namespace Samples.CustomersService.Store;

/// <summary>An address embedded in a <see cref="CustomerDocument"/>.</summary>
internal sealed class AddressDocument
{
    public string Street { get; set; } = "";

    public string City { get; set; } = "";

    public string Kind { get; set; } = "";
}
