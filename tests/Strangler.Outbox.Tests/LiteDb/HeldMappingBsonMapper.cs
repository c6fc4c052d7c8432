using System.Reflection;
using LiteDB;

namespace Strangler.Outbox.Tests.LiteDb;

/// <summary>
/// A mapper that holds the first build of one type's mapping inside the window LiteDB 5 leaves open (issue #2536):
/// <c>BuildAddEntityMapper</c> publishes the type's mapping in the mapper's cache, then asks
/// <see cref="GetTypeMembers"/> for the members to fill it with. Held there, the window is as wide as a test needs.
/// </summary>
internal sealed class HeldMappingBsonMapper(Type held) : BsonMapper, IDisposable
{
    private readonly ManualResetEventSlim _building = new();
    private readonly ManualResetEventSlim _released = new();

    /// <summary>Waits until a build of the held type's mapping is inside the window.</summary>
    public bool WaitUntilBuilding(TimeSpan timeout) => _building.Wait(timeout);

    /// <summary>Lets the held build fill its mapping in.</summary>
    public void Release() => _released.Set();

    public void Dispose()
    {
        _released.Set();
        _building.Dispose();
        _released.Dispose();
    }

    protected override IEnumerable<MemberInfo> GetTypeMembers(Type type)
    {
        if (type == held && !_building.IsSet)
        {
            _building.Set();
            // Bounded, so a test that never releases cannot hang the run.
            _released.Wait(TimeSpan.FromSeconds(60));
        }

        return base.GetTypeMembers(type);
    }
}
