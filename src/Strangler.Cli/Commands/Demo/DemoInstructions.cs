using System.Text;
using Strangler.Gateway;

namespace Strangler.Cli.Commands.Demo;

/// <summary>What the demo prints once everything listens: where to look and commands ready to paste.</summary>
internal static class DemoInstructions
{
    public static string For(DemoEnvironment demo)
    {
        var gateway = demo.Gateway.GetLeftPart(UriPartial.Authority);
        var gatewayOption = gateway == Routes.AdminApiOptions.DefaultGateway ? "" : $" --gateway {gateway}";
        var header = demo.Settings.ServedByHeader;
        var text = new StringBuilder();
        text.AppendLine("Strangler demo is running. Press Ctrl+C to stop.");
        text.AppendLine();
        text.AppendLine($"  gateway            {gateway}/   (open it in a browser; try /customers and /orders)");
        text.AppendLine($"  legacy monolith    {demo.Legacy.GetLeftPart(UriPartial.Authority)}   SQLite {demo.LegacyDatabase}");
        text.AppendLine($"  customers service  {demo.Customers.GetLeftPart(UriPartial.Authority)}   LiteDB {demo.CustomersDatabase}" +
            $" ({demo.SnapshotCustomers} customers projected from the monolith at start)");
        text.AppendLine($"  sync worker        {demo.Sync.GetLeftPart(UriPartial.Authority)}   status {new Uri(demo.Sync, StranglerWire.SyncStatus)}   Kafka (in-process mock) {demo.KafkaServers}");
        text.AppendLine($"  route files        {demo.RoutesDirectory}   (a copy: flips are written here)");
        text.AppendLine($"  dashboard          {gateway}{StranglerWire.Dashboard}/   (sign in with the admin token)");
        text.AppendLine($"  admin token        {demo.AdminToken}");
        text.AppendLine();
        text.AppendLine("Data flow:");
        text.AppendLine("  monolith writes -> SQLite triggers -> legacy.dbo.Customers/Addresses (Kafka) -> customers-projection -> service's LiteDB");
        text.AppendLine("  service writes  -> outbox (same LiteDB transaction) -> customers.events (Kafka) -> customers-backfill -> monolith's SQLite");
        text.AppendLine("  the backfill marks its transactions (strangler_sync_origin): the capture never echoes its writes back,");
        text.AppendLine("  only its deletes, marked, to confirm the service's own deletes;");
        text.AppendLine("  new customer/address ids on both sides come from one key series (blocks reserved in the monolith's database).");
        text.AppendLine();
        text.AppendLine("Try it in another terminal, from the repository root:");
        text.AppendLine();
        text.AppendLine($"  export {Routes.AdminApiOptions.TokenVariable}={demo.AdminToken}");
        text.AppendLine($"  alias strangler='{SelfCommand()}'");
        text.AppendLine($"  curl -si {gateway}/customers -H 'X-User-Id: alice' | grep -i {header}   # legacy");
        text.AppendLine($"  curl -s {demo.Legacy.GetLeftPart(UriPartial.Authority)}/customers -H 'Content-Type: application/json' \\");
        text.AppendLine("       -d '{\"name\":\"Margaret Hamilton\",\"email\":\"margaret@example.com\",\"addresses\":[]}'   # on the monolith...");
        text.AppendLine($"  curl -s {demo.Customers.GetLeftPart(UriPartial.Authority)}/customers   # ...and a moment later in the new service");
        text.AppendLine($"  strangler routes list{gatewayOption}");
        text.AppendLine($"  strangler routes flip customers canary:50 --reason \"first users on the new service\"{gatewayOption}");
        text.AppendLine($"  strangler demo traffic{gatewayOption}   # 200 requests from 100 users: about half now on new");
        text.AppendLine($"  strangler routes flip customers new --reason \"all customers traffic on the new service\"{gatewayOption}");
        text.AppendLine($"  curl -si {gateway}/customers/1 | grep -i {header}   # new");
        text.AppendLine($"  curl -s -X PUT {gateway}/customers/1 -H 'Content-Type: application/json' \\");
        text.AppendLine("       -d '{\"name\":\"Ada King\",\"email\":\"ada@example.com\",\"addresses\":[]}'   # written by the new service...");
        text.AppendLine($"  curl -s {demo.Legacy.GetLeftPart(UriPartial.Authority)}/orders   # ...and back in the monolith's tables, which /orders reads");
        text.AppendLine($"  strangler demo reconcile{WorkDirectoryOption(demo.Settings)}   # every customer on both sides compared: 0 findings, exit 0");
        text.AppendLine($"  strangler routes history{gatewayOption}");
        text.AppendLine($"  strangler routes rollback 1 --subdomain customers --reason \"undo\"{gatewayOption}   # back to revision 1: legacy");
        text.AppendLine($"  strangler rollout start customers --reason \"cutover, hands off\"{gatewayOption}");
        text.AppendLine($"  strangler demo traffic --rate 5 --requests 900{gatewayOption}   # steady traffic: 25 -> 50 -> 100 % in about a minute");
        text.AppendLine($"  strangler rollout status customers{gatewayOption}");
        return text.ToString();
    }

    /// <summary>
    /// The command that runs this very build of the CLI: its <c>strangler.dll</c> under <c>dotnet</c>. Not
    /// <c>dotnet run --project ...</c>, which checks the build at every call: 3 to 14 s a command on the development
    /// machine, long enough for the rollout walkthrough's traffic loop to leave 10-second windows empty.
    /// </summary>
    internal static string SelfCommand() => $"dotnet \"{typeof(DemoInstructions).Assembly.Location}\"";

    // `demo reconcile` finds the default work directory itself, from the repository root.
    private static string WorkDirectoryOption(DemoSettings settings) =>
        string.Equals(settings.WorkDirectory, DemoPaths.DefaultWorkDirectory(settings.RoutesSource), StringComparison.Ordinal)
            ? ""
            : $" --work-dir {settings.WorkDirectory}";
}
