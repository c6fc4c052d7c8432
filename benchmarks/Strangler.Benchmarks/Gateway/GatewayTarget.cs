using Strangler.Benchmarks.Hosts;

namespace Strangler.Benchmarks.Gateway;

/// <summary>One thing wrk drives: a name for the table, and the server process whose CPU time is charged to it.</summary>
internal sealed record GatewayTarget(string Name, ServerProcess Server)
{
    public string Url => Server.Url + GatewayBenchmark.Path;
}
