using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Configuration;

/// <summary>
/// Reads and validates a routes directory. Performs every check without short-circuiting, so one run reports all
/// problems, each naming the file, the field and where it is in the file (line and column). Used by the gateway on (re)load, by the admin API before a write,
/// and by <c>strangler routes validate &lt;dir&gt;</c>.
/// </summary>
public static class RouteValidator
{
    /// <summary>Paths the gateway serves itself; a sub-domain may not claim them.</summary>
    private static readonly string[] ReservedPrefixes = [StranglerWire.Root, "/healthz", "/readyz", "/metrics"];

    /// <summary>Reads every <c>*.json</c> file directly in <paramref name="directory"/> and validates them together.</summary>
    public static RouteLoadResult LoadDirectory(string directory)
    {
        var errors = new List<RouteValidationError>();
        if (!Directory.Exists(directory))
        {
            errors.Add(new(directory, "", "routes directory does not exist"));
            return new RouteLoadResult { Routes = [], Errors = errors };
        }

        var routes = new List<TableEntry>();
        var indexes = new Dictionary<string, JsonPathIndex>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(path);
            if (!fileName.EndsWith(".json", StringComparison.Ordinal))
            {
                if (Misnamed(fileName) is { } problem)
                {
                    errors.Add(new(fileName, "", problem));
                }

                continue;
            }

            byte[]? bytes;
            try
            {
                bytes = RouteFileBytes.ReadAtMost(path, RouteFileLimits.MaxFileBytes);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(new(fileName, "", $"cannot be read: {ex.Message}"));
                continue;
            }

            if (bytes is null)
            {
                errors.Add(new(fileName, "", $"is larger than {RouteFileLimits.MaxFileBytes} bytes (1 MiB), the most a route file may be; one sub-domain's file is a few hundred bytes"));
                continue;
            }

            var before = errors.Count;
            var route = RouteFileReader.Read(fileName, bytes, errors, out var index);
            if (index is not null)
            {
                indexes[fileName] = index;
            }

            if (route is not null)
            {
                routes.Add(new(fileName, route, errors.Skip(before).Select(e => e.Field).ToHashSet(StringComparer.Ordinal), index));
            }
        }

        errors.AddRange(ValidateTable(routes));
        for (var i = 0; i < errors.Count; i++)
        {
            if (errors[i].Line is null && indexes.TryGetValue(errors[i].File, out var index) && index.Find(errors[i].Field, errors[i].AtPropertyName) is { } at)
            {
                errors[i] = errors[i] with { Line = at.Line, Column = at.Column };
            }
        }

        return new RouteLoadResult
        {
            Routes = errors.Count == 0 ? routes.Select(r => r.Route).OrderBy(r => r.Name, StringComparer.Ordinal).ToList() : [],
            // In the order of the files and of the lines in each, as an operator fixes them.
            Errors = [.. errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line ?? 0).ThenBy(e => e.Column ?? 0)],
        };
    }

    // Files the gateway does not read but that were plainly meant as route files: silently skipping them would leave
    // the operator waiting for a route that never loads. Other names (README.md, history.jsonl, a kept copy ending in
    // .rejected, an editor's backup, dot files such as temporary files) are not route files and are skipped.
    private static string? Misnamed(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            return $"is not read: route files end in lower-case .json; rename it to {Path.GetFileNameWithoutExtension(fileName)}.json";
        }

        return extension.Length == 0 && RouteNames.IsValid(fileName)
            ? $"is not read: route files are named <sub-domain>.json; rename it to {fileName}.json"
            : null;
    }

    /// <summary>Validates a set of route definitions as one table (e.g. the table a flip would produce).</summary>
    public static IReadOnlyList<RouteValidationError> Validate(IReadOnlyList<RouteDefinition> routes) =>
        ValidateTable(routes.Select(r => new TableEntry(r.Name + ".json", r, [], null)).ToList());

    private static List<RouteValidationError> ValidateTable(IReadOnlyList<TableEntry> routes)
    {
        var errors = new List<RouteValidationError>();
        var claims = new Dictionary<string, (TableEntry Owner, string Field)>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in routes)
        {
            var (file, route, badFields, _) = entry;
            ValidateOne(file, route, badFields, errors);
            // A name that differs from its file's is reported as such; only a table built in memory can hold one twice.
            if (route.Name.Length > 0 && Path.GetFileNameWithoutExtension(file) == route.Name && !names.Add(route.Name))
            {
                errors.Add(new(file, "name", $"sub-domain '{route.Name}' is defined twice"));
            }

            for (var i = 0; i < route.Paths.Count; i++)
            {
                var field = $"paths[{i}]";
                if (badFields.Contains(field))
                {
                    continue;
                }

                if (route.Paths[i].Length > RouteFileLimits.MaxPathLength)
                {
                    // Not echoed whole: the point is that it is too long to read.
                    errors.Add(new(file, field, $"'{route.Paths[i][..32]}…' is {route.Paths[i].Length} characters long, more than the {RouteFileLimits.MaxPathLength} a path pattern may be"));
                    continue;
                }

                var pattern = PathPattern.TryParse(route.Paths[i], out var error);
                if (pattern is null)
                {
                    errors.Add(new(file, field, $"'{route.Paths[i]}' {error}"));
                    continue;
                }

                if (ReservedPrefixes.Any(p => pattern.Key == p || pattern.Key.StartsWith(p + "/", StringComparison.Ordinal)))
                {
                    errors.Add(new(file, field, $"'{route.Paths[i]}' is reserved for the gateway itself"));
                }

                if (claims.TryGetValue(pattern.Key, out var claim))
                {
                    errors.Add(new(file, field, Claimed(route.Paths[i], entry, claim.Owner, claim.Field)));
                }
                else
                {
                    claims[pattern.Key] = (entry, field);
                }
            }
        }

        return errors;
    }

    // Names the first claim with its place in its file, so both ends of the clash can be opened from the one message.
    private static string Claimed(string pattern, TableEntry claimant, TableEntry owner, string ownerField)
    {
        var at = owner.Index?.Find(ownerField);
        return ReferenceEquals(owner, claimant)
            ? $"'{pattern}' is the same pattern as {ownerField}{(at is { } same ? $" on line {same.Line}" : "")} (letter case and parameter names do not make patterns different); keep one"
            : $"'{pattern}' is already claimed by {owner.File}{(at is { } other ? $":{other.Line}:{other.Column}" : "")} ({ownerField}): a pattern belongs to one sub-domain (letter case and parameter names do not make patterns different); remove it from one of the two files";
    }

    private static void ValidateOne(string file, RouteDefinition route, HashSet<string> badFields, List<RouteValidationError> errors)
    {
        var before = errors.Count;
        if (!RouteNames.IsValid(route.Name))
        {
            errors.Add(new(file, "name", $"'{route.Name}' must be 1-64 lower-case letters, digits and '-', starting with a letter or digit"));
        }
        else if (Path.GetFileNameWithoutExtension(file) != route.Name)
        {
            errors.Add(new(file, "name", $"'{route.Name}' does not match the file name '{Path.GetFileNameWithoutExtension(file)}'"));
        }

        if (route.Paths.Count == 0)
        {
            errors.Add(new(file, "paths", "is required: a non-empty array of path patterns"));
        }
        else if (route.Paths.Count > RouteFileLimits.MaxPathsPerRoute)
        {
            errors.Add(new(file, "paths", $"has {route.Paths.Count} patterns, more than the {RouteFileLimits.MaxPathsPerRoute} a sub-domain may claim"));
        }

        if (UpstreamUrls.Problem(route.Legacy) is { } legacy)
        {
            errors.Add(new(file, "legacy", legacy));
        }

        if (UpstreamUrls.Problem(route.New) is { } @new)
        {
            errors.Add(new(file, "new", @new));
        }

        if (!Enum.IsDefined(route.Mode))
        {
            errors.Add(new(file, "mode", $"unknown mode '{route.Mode}' (expected legacy, canary or new)"));
        }

        if (route.CanaryPercentage is < 0 or > 100)
        {
            errors.Add(new(file, "canaryPercentage", $"{route.CanaryPercentage} is out of range 0..100"));
        }

        if (route.Cohort is not null && string.IsNullOrWhiteSpace(route.Cohort))
        {
            errors.Add(new(file, "cohort", "must be a non-empty string when present"));
        }

        if (route.UserKey is { } key && string.IsNullOrWhiteSpace(key.Name))
        {
            errors.Add(new(file, "userKey.name", "is required: the header, cookie or claim name"));
        }

        if (route.Revision < 0)
        {
            errors.Add(new(file, "revision", $"must be >= 0, found {route.Revision}"));
        }

        // A plan the reader already found malformed is not judged again: its placeholders would only add noise.
        if (route.Rollout is { } plan && !badFields.Any(b => b.StartsWith(Rollout.Plan.RolloutPlanReader.Field, StringComparison.Ordinal)))
        {
            Rollout.Plan.RolloutPlanValidator.Validate(file, plan, errors);
        }

        if (route.Shadow is { } shadow)
        {
            ShadowValidator.Validate(file, shadow, errors);
        }

        for (var i = errors.Count - 1; i >= before; i--)
        {
            if (badFields.Contains(errors[i].Field))
            {
                errors.RemoveAt(i);
            }
        }
    }

    // BadFields: fields the reader already reported (their values are placeholders), not to be reported twice. Index:
    // where the file's fields are, to point at another file's claim; null for a table built in memory.
    private sealed record TableEntry(string File, RouteDefinition Route, HashSet<string> BadFields, JsonPathIndex? Index);
}
