using System.Collections.Concurrent;
using System.Reflection;
using Xunit.v3;

[assembly: Strangler.Tests.Shared.RunAfterTestWork]

namespace Strangler.Tests.Shared;

/// <summary>
/// Clean-up a helper owes for the test that called it, run when that test ends, passed or failed: e.g. dropping the
/// PostgreSQL schema it made for the test (runs left hundreds of schemas on the shared server, which slowed its catalog
/// queries). Call sites need no <c>using</c> or Dispose. A clean-up that fails does not fail the test; it writes what
/// it could not do to the test's output.
/// </summary>
public static class AfterTest
{
    private static readonly ConcurrentDictionary<string, ConcurrentStack<(string What, Func<Task> Work)>> Pending = new();

    /// <summary>Runs <paramref name="work"/> when the current test ends; <paramref name="what"/> names it in the output if it fails.</summary>
    public static void Register(string what, Func<Task> work)
    {
        var test = TestContext.Current.Test
                   ?? throw new InvalidOperationException($"AfterTest.Register({what}) was called outside a test: nothing would run it.");
        Pending.GetOrAdd(test.UniqueID, _ => new()).Push((what, work));
    }

    /// <summary>The current test's clean-ups, last registered first.</summary>
    internal static void Run(string testId)
    {
        if (!Pending.TryRemove(testId, out var works))
        {
            return;
        }

        foreach (var (what, work) in works)
        {
            try
            {
                // Off xunit's synchronisation context: blocking on it from here could deadlock.
                Task.Run(work).GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"[after test] could not {what}: {e.GetType().Name}: {e.Message}");
            }
        }
    }
}

/// <summary>Runs each test's <see cref="AfterTest"/> clean-ups when it ends (applied to every test project's assembly).</summary>
[AttributeUsage(AttributeTargets.Assembly)]
internal sealed class RunAfterTestWorkAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest, IXunitTest test) => AfterTest.Run(test.UniqueID);
}
