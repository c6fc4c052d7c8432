namespace Strangler.Benchmarks;

/// <summary>
/// A mistake in how a benchmark was called (a bad option value, no database to run against), found before it runs:
/// one line and exit code 2. Any other exception keeps its stack trace, since it is a bug or a failed run.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);
