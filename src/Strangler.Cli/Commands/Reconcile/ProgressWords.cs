namespace Strangler.Cli.Commands.Reconcile;

/// <summary>
/// What a job's progress lines call its keys to do and what it counts on the way: a load's first line said
/// "keys to check" and counted its unloadable keys as "findings", words made for reconcile.
/// </summary>
/// <param name="ToDo">Follows the count of keys before the first batch: <c>1000 keys to check</c>.</param>
/// <param name="One">What the job counts besides keys, one of them: <c>finding</c>, or a key a load could not load.</param>
/// <param name="Many">The same, any other number of them: <c>findings</c>, <c>errors</c>.</param>
internal sealed record ProgressWords(string ToDo, string One, string Many)
{
    public static readonly ProgressWords Reconcile = new("to check", "finding", "findings");

    public static readonly ProgressWords Load = new("to load", "error", "errors");

    /// <summary><c>1 finding</c>, <c>0 findings</c>, <c>40 findings</c>: "1 findings" read as a slip.</summary>
    public string Counted(long count) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count} {(count == 1 ? One : Many)}");
}
