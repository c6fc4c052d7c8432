using System.Globalization;
using Strangler.Cli;

// The process runs with ICU (Strangler.Cli.csproj says why) but reads and writes numbers and dates the same on every
// machine, whatever its language: route files, messages and logs are for machines as much as for people.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

return await StranglerCommand.InvokeAsync(args);
