namespace Strangler.Sync.Stores;

/// <summary>
/// The document store's server refused an operation. It carries only the described error, not the driver's exception:
/// the consumer logs what it catches, inner exceptions included, and the driver's message quotes document values (a
/// duplicate key, a validation failure's considered values).
/// </summary>
internal sealed class DocumentStoreException(string message) : Exception(message);
