using Strangler.Gateway.Configuration;
using Strangler.Gateway.Routing;
using Strangler.Text;

namespace Strangler.Gateway.Admin;

/// <summary>Helpers for <see cref="RouteAdmin"/>: request checks and the history entries a reload from disk implies.</summary>
internal static class RouteChanges
{
    public const string FileActor = "file";

    /// <summary>The action of an entry for a route file edited, added or removed on disk (or seeding a fleet from files).</summary>
    public const string FileAction = "file";

    /// <summary>Every problem with a flip's fields, each naming its field; null values are skipped (reported elsewhere).</summary>
    public static List<RouteValidationError> CheckFlip(RouteMode? mode, long? percentage, string? reason, string? actor)
    {
        var errors = CheckWho(reason, actor);
        if (mode is { } m && !Enum.IsDefined(m))
        {
            errors.Add(new("", "mode", $"unknown mode '{m}' (expected legacy, canary or new)"));
        }

        if (mode == RouteMode.Canary && percentage is null)
        {
            errors.Add(new("", "percentage", "is required for mode canary: a whole number from 0 to 100"));
        }
        else if (percentage is < 0 or > 100)
        {
            errors.Add(new("", "percentage", $"{percentage} is out of range 0..100"));
        }
        else if (percentage is not null && mode is RouteMode.Legacy or RouteMode.New)
        {
            // Accepted and dropped, it read as if {"mode":"new","percentage":30} had set a 30 % canary.
            errors.Add(new("", "percentage", $"is only for mode canary; mode {mode.Value.ToString().ToLowerInvariant()} takes none"));
        }

        return errors;
    }

    /// <summary>Every problem with a rollback's fields; a null <paramref name="revision"/> is skipped (reported elsewhere).</summary>
    public static List<RouteValidationError> CheckRollback(long? revision, string? reason, string? actor)
    {
        var errors = CheckWho(reason, actor);
        if (revision is < 0)
        {
            errors.Add(new("", "revision", $"{revision} is not a revision: revisions are whole numbers from 0 (see the history)"));
        }

        return errors;
    }

    /// <summary>
    /// Why a rollback to <paramref name="revision"/> finds nothing to restore, and which revisions there are to name
    /// instead. Revision 0 gets a word of its own: it is a real revision (a route file loaded without a
    /// <c>revision</c> is served and recorded at 0, and a rollback to it restores that state), but only when one was.
    /// </summary>
    public static string NoSuchRevision(IReadOnlyList<RouteChange> history, long revision, string? subdomain)
    {
        var recorded = history.Where(c => c.Route is not null && c.Revision is not null && (subdomain is null || c.Subdomain == subdomain))
            .Select(c => c.Revision!.Value).Distinct().Order().ToList();
        var of = subdomain is null ? "" : $" of sub-domain '{subdomain}'";
        var zero = revision == 0
            ? " (revision 0 is the state of a route file loaded without a \"revision\", and no such state was recorded)"
            : "";
        // Ten are enough to pick from; a long history is summed up by its range.
        var known = recorded.Count == 0 ? "none is recorded"
            : recorded.Count <= 10 ? $"the recorded ones{of} are {string.Join(", ", recorded)}"
            : $"the recorded ones{of} run from {recorded[0]} to {recorded[^1]}";
        return $"no recorded revision {revision}{of}{zero}: {known}; see the history for what each one holds";
    }

    /// <summary>Problems with who and why; a null <paramref name="reason"/> or <paramref name="actor"/> counts as missing.</summary>
    public static List<RouteValidationError> CheckWho(string? reason, string? actor)
    {
        var errors = new List<RouteValidationError>();
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add(new("", "reason", "is required: say why, it goes into the history"));
        }
        else if (CheckText(reason, "reason", MaxReason) is { } problem)
        {
            errors.Add(problem);
        }

        if (string.IsNullOrWhiteSpace(actor) || actor.Length > MaxActor)
        {
            errors.Add(new("", "actor", $"is required: who makes the change (at most {MaxActor} characters)"));
        }
        else if (CheckText(actor, "actor", MaxActor) is { } problem)
        {
            errors.Add(problem);
        }

        return errors;
    }

    /// <summary>The longest reason kept; a pasted stack trace belongs in the incident, not the history.</summary>
    public const int MaxReason = 1000;

    /// <summary>The longest actor kept.</summary>
    public const int MaxActor = 200;

    /// <summary>A problem with an operator's free text <paramref name="field"/> (too long, a control character); null when fine.</summary>
    public static RouteValidationError? CheckText(string text, string field, int max) =>
        text.Length > max ? new("", field, $"must be at most {max} characters")
        : OperatorText.Problem(text) is { } problem ? new("", field, problem)
        : null;

    /// <summary>
    /// The loaded routes as they are to be served. A route whose content changed on disk without a revision above every
    /// one recorded (a hand edit that kept the <c>revision</c> written in the file, or raised it by one while another
    /// sub-domain went further) takes the next revision, from <paramref name="nextRevision"/> on, so every recorded
    /// state has a revision of its own and a rollback names one;
    /// a route unchanged but for its revision keeps the one it is served with, so a restart records nothing. The file
    /// is not rewritten: that would drop the comments of the person editing it.
    /// </summary>
    public static List<RouteDefinition> Renumber(RouteTable? serving, IReadOnlyList<RouteDefinition> loaded,
        IReadOnlyList<RouteChange> history, long nextRevision)
    {
        var before = Before(serving, history);
        var routes = new List<RouteDefinition>(loaded.Count);
        foreach (var route in loaded)
        {
            var previous = before.GetValueOrDefault(route.Name);
            if (previous is null)
            {
                routes.Add(route);
            }
            else if (RouteFileWriter.SameContent(previous, route with { Revision = previous.Revision }))
            {
                routes.Add(route with { Revision = previous.Revision });
            }
            else
            {
                var revision = Math.Max(route.Revision, nextRevision);
                routes.Add(route with { Revision = revision });
                nextRevision = revision + 1;
            }
        }

        return routes;
    }

    /// <summary>
    /// What changed on disk compared with the serving table; at start-up (no table yet) compared with the last
    /// recorded state of each sub-domain, so a restart records nothing and an offline edit is still recorded.
    /// </summary>
    public static IEnumerable<RouteChange> DiffFromDisk(RouteTable? serving, IReadOnlyList<RouteDefinition> loaded,
        IReadOnlyList<RouteChange> history, DateTimeOffset now)
    {
        var before = Before(serving, history);
        var after = loaded.ToDictionary(r => r.Name);
        foreach (var route in loaded)
        {
            var previous = before.GetValueOrDefault(route.Name);
            if (!RouteFileWriter.SameContent(previous, route))
            {
                yield return Entry(now, route.Name, previous, route);
            }
        }

        foreach (var (name, previous) in before)
        {
            if (!after.ContainsKey(name))
            {
                yield return Entry(now, name, previous, null);
            }
        }
    }

    /// <summary>Each sub-domain's route as the history last recorded it; sub-domains whose file was removed are left out.</summary>
    public static Dictionary<string, RouteDefinition> LastRecorded(IReadOnlyList<RouteChange> history) =>
        history.GroupBy(c => c.Subdomain).Select(g => g.Last()).Where(c => c.Route is not null)
            .ToDictionary(c => c.Subdomain, c => c.Route!);

    private static Dictionary<string, RouteDefinition> Before(RouteTable? serving, IReadOnlyList<RouteChange> history) =>
        serving is not null ? serving.Routes.ToDictionary(r => r.Name) : LastRecorded(history);

    private static RouteChange Entry(DateTimeOffset now, string name, RouteDefinition? from, RouteDefinition? to) => new()
    {
        At = now, Actor = FileActor, Action = FileAction, Subdomain = name,
        Reason = to is null ? "route file removed" : from is null ? "route file added" : "route file changed on disk",
        From = from?.ModeText, To = to?.ModeText, FromRevision = from?.Revision, Revision = to?.Revision, Route = to,
    };
}
