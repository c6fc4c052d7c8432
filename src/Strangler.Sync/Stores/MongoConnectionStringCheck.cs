using MongoDB.Driver;

namespace Strangler.Sync.Stores;

/// <summary>
/// Reads a MongoDB connection string the way the driver will, and says what is wrong with it without quoting it. The
/// driver's own message quotes the whole string: it hides the password only when the string parses as far as the
/// '@', so "mongodb://app:pa/ss@db" (an unescaped '/') comes out whole, and "... has an invalid value of ..." quotes
/// an option's value, proxyPassword's too.
/// </summary>
internal static class MongoConnectionStringCheck
{
    /// <summary>Null when the driver reads <paramref name="connectionString"/>; otherwise why not, in general terms.</summary>
    public static string? Problem(string connectionString)
    {
        try
        {
            // Parsing only: a mongodb+srv name is looked up when a client connects, not here.
            _ = new MongoUrl(connectionString);
            return null;
        }
        catch (Exception ex) when (ex is MongoConfigurationException or ArgumentException or FormatException)
        {
            return "is not a connection string the MongoDB driver can read (it is not shown: it may hold a password): it must read "
                + "mongodb://[user:password@]host[:port][,host...][/database][?option=value&...] or mongodb+srv://..., with any "
                + "':', '/', '?', '#', '@' or '%' in the user name or password percent-encoded (%3A, %2F, %3F, %23, %40, %25), "
                + "and options the driver knows with values of the right kind";
        }
    }
}
