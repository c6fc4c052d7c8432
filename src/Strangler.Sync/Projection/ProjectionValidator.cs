namespace Strangler.Sync.Projection;

/// <summary>Checks projections, reporting every problem at once, each naming its field.</summary>
internal static class ProjectionValidator
{
    private static readonly HashSet<string> Types =
        ["string", "long", "double", "decimal", "bool", "date", "datetime", "epoch-days", "epoch-millis"];

    /// <summary>All problems of <paramref name="projections"/>; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<ProjectionOptions> projections, string section = "Strangler:Sync:Projections")
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < projections.Count; i++)
        {
            var p = projections[i];
            var at = $"{section}:{i}";
            Require(errors, p.Name, $"{at}:Name");
            Require(errors, p.Collection, $"{at}:Collection");
            Require(errors, p.Root.Table, $"{at}:Root:Table");
            Require(errors, p.Root.Topic, $"{at}:Root:Topic");
            if (!string.IsNullOrEmpty(p.Name) && !names.Add(p.Name))
            {
                errors.Add($"{at}:Name: '{p.Name}' is used by another projection");
            }

            Columns(errors, p.Root.Columns, $"{at}:Root:Columns");
            for (var c = 0; c < p.Children.Count; c++)
            {
                var child = p.Children[c];
                var childAt = $"{at}:Children:{c}";
                Require(errors, child.Table, $"{childAt}:Table");
                Require(errors, child.Topic, $"{childAt}:Topic");
                Require(errors, child.Array, $"{childAt}:Array");
                Require(errors, child.ParentKeyColumn, $"{childAt}:ParentKeyColumn");
                Columns(errors, child.Columns, $"{childAt}:Columns");
                if (string.Equals(child.Table, p.Root.Table, StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"{childAt}:Table: '{child.Table}' is already the root table");
                }
            }
        }

        return errors;
    }

    private static void Columns(List<string> errors, IReadOnlyDictionary<string, ColumnMapping> columns, string at)
    {
        foreach (var (column, mapping) in columns)
        {
            if (mapping.Type is { } type && !Types.Contains(type))
            {
                errors.Add($"{at}:{column}:Type: '{type}' is not one of {string.Join(", ", Types)}");
            }

            if (mapping.Name is { } name && name.StartsWith('_'))
            {
                errors.Add($"{at}:{column}:Name: '{name}' starts with '_', which is reserved for Strangler's fields");
            }
        }
    }

    private static void Require(List<string> errors, string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{field}: is required");
        }
    }
}
