namespace Samples.CustomersService;

/// <summary>Settings of the sample Customers service, bound from the <c>CustomersService</c> configuration section.</summary>
public sealed record CustomersServiceOptions
{
    /// <summary>The configuration section these settings are read from.</summary>
    public const string SectionName = "CustomersService";

    /// <summary>
    /// Path of the LiteDB file holding the customer documents. Opened in LiteDB's shared mode, so the sync worker's
    /// projection can write to the same file from another process.
    /// </summary>
    public string DatabasePath { get; init; } = "customers-service.db";

    /// <summary>
    /// SQLite connection string of the legacy database whose key series new customers and addresses continue
    /// (<c>Customers</c> and <c>Addresses</c>, reserved in blocks). Empty: keys are local to the service's store.
    /// </summary>
    public string LegacyKeysConnectionString { get; init; } = "";

    /// <summary>
    /// Serves <c>POST /_sample/faults</c>, which makes a share of <c>/customers</c> requests fail with 503, so a demo
    /// can show a rollout rolling back. Off by default: a fault switch is for demos, never for a service in production.
    /// </summary>
    public bool FaultsEndpoint { get; init; }
}
