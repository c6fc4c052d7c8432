namespace Strangler.Cli.Commands.Reconcile;

/// <summary>
/// What a job's progress lines call its keys to do and what it counts on the way: a load's first line said
/// "keys to check" and counted its unloadable keys as "findings", words made for reconcile.
/// </summary>
/// <param name="ToDo">Follows the count of keys before the first batch: <c>1000 keys to check</c>.</param>
/// <param name="Counted">What the job counts besides keys: <c>findings</c>, or the keys a load could not load.</param>
internal sealed record ProgressWords(string ToDo, string Counted)
{
    public static readonly ProgressWords Reconcile = new("to check", "findings");

    public static readonly ProgressWords Load = new("to load", "errors");
}
