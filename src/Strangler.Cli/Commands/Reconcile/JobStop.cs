using System.Runtime.InteropServices;

namespace Strangler.Cli.Commands.Reconcile;

/// <summary>
/// Ctrl+C (SIGINT) or SIGTERM stops a long job at its last finished batch instead of killing the process: the job
/// saves its place and says how to go on. A second signal kills the process as before.
/// </summary>
/// <remarks>
/// System.CommandLine 2.0.0 registers no signal handler by default (see <c>DevKafkaCommand</c>), so the runtime ended
/// the process at once: no word that the job can be resumed, a checkpoint up to an interval old, and in a terminal the
/// progress bar's hidden cursor left hidden.
/// </remarks>
internal sealed class JobStop : IDisposable
{
    public const int ExitCode = 130; // 128 + SIGINT, as a shell reports a job stopped by Ctrl+C

    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private readonly string _checkpointPath;
    private readonly DateTime? _checkpointBefore;

    /// <param name="reportPath">The job's report; its checkpoint sits beside it.</param>
    /// <param name="cancellationToken">The caller's token, which stops the job too.</param>
    public JobStop(string reportPath, CancellationToken cancellationToken)
    {
        _checkpointPath = reportPath + ".checkpoint";
        _checkpointBefore = LastWritten(_checkpointPath);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    /// <summary>Cancelled by the first signal (or by the caller's token).</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Whether a signal stopped the job.</summary>
    public bool Signalled { get; private set; }

    /// <summary>The line that tells the user the job stopped and how to go on.</summary>
    /// <remarks>
    /// A job saves its place first once it has its connections, its count and its log position (a load waits up to
    /// PositionWait for that): stopped before then, it has no place of its own to go on from, and said it had.
    /// Every save writes a new file and renames it, so a checkpoint written by this run has a new write time.
    /// </remarks>
    public string Message(string job) =>
        LastWritten(_checkpointPath) is { } written && written != _checkpointBefore
            ? $"{job}: stopped; its place is saved in '{_checkpointPath}'. Run the same command again to go on from there (--restart starts over)."
            : $"{job}: stopped before its first batch; this run saved no place. Run the same command again to start it.";

    private void Stop(PosixSignalContext context)
    {
        if (Signalled)
        {
            return; // the second one: the default action ends the process
        }

        Signalled = true;
        context.Cancel = true;
        _stop.Cancel();
    }

    private static DateTime? LastWritten(string path) => File.Exists(path) ? File.GetLastWriteTimeUtc(path) : null;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }
}
