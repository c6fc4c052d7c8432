using LiteDB;

namespace Strangler.Cli.Tests.Commands.Reconcile;

/// <summary>
/// Holds an embedded store's file as another process in the middle of a write does: a shared-mode transaction keeps
/// LiteDB's named mutex, and every other process's read or write of the file waits for it.
/// </summary>
internal sealed class StoreHolder : IDisposable
{
    private readonly ManualResetEventSlim _release = new();
    private readonly Thread _thread;

    private StoreHolder(string path)
    {
        using var held = new ManualResetEventSlim();
        Exception? failure = null;
        // A mutex is released by the thread that took it, so one thread takes it, waits, and lets it go.
        _thread = new Thread(() =>
        {
            try
            {
                using var store = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Shared });
                store.BeginTrans();
                held.Set();
                _release.Wait();
                store.Rollback();
            }
            catch (Exception ex)
            {
                failure = ex;
                held.Set();
            }
        })
        { IsBackground = true };
        _thread.Start();
        held.Wait();
        if (failure is not null)
        {
            throw new InvalidOperationException($"the store '{path}' could not be held", failure);
        }
    }

    public static StoreHolder Hold(string path) => new(path);

    public void Dispose()
    {
        _release.Set();
        _thread.Join();
        _release.Dispose();
    }
}
