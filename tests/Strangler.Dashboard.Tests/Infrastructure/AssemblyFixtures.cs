using Strangler.Dashboard.Tests.Infrastructure;

// The upstream hosts are started once per run and shared; every test starts its own gateway in front of them.
[assembly: AssemblyFixture(typeof(Upstreams))]
