using System.Globalization;
using System.Runtime.CompilerServices;

namespace Strangler.Tests.Shared;

/// <summary>
/// Every test assembly formats and parses as the shipped CLI does (its Program.cs sets the invariant culture), whatever
/// the language of the machine running the tests: some test projects run with ICU for SQL Server.
/// </summary>
internal static class InvariantCulture
{
#pragma warning disable CA2255 // A test assembly is loaded only by the test runner: this is the one place that runs first.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Pin()
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
    }
}
