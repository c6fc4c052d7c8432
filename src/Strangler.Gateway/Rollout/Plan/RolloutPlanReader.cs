using System.Text.Json;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Rollout.Plan;

/// <summary>
/// Reads a route file's <c>rollout</c> object field by field, like <see cref="RouteFileReader"/>, so every shape
/// problem is reported naming its field (<c>rollout.steps[2]</c>). Ranges are checked by <see cref="RolloutPlanValidator"/>.
/// </summary>
internal static class RolloutPlanReader
{
    public const string Field = "rollout";

    private static readonly string[] KnownFields = ["steps", "bakeSeconds", "intervalSeconds", "minRequests", "rollbackAfter", "counting", "gates"];
    private static readonly string[] KnownGates = ["errorRateMargin", "p99Factor", "maxDiffRate", "maxSyncLagSeconds", "maxDrift", "httpCheck"];
    private static readonly EnumWords<FailureCounting> CountingWords = new(JsonNamingPolicy.CamelCase);

    public static RolloutPlan? Read(string file, JsonElement root, List<RouteValidationError> errors)
    {
        if (!root.TryGetProperty(Field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(file, Field, "must be an object: {\"steps\": [1, 5, 25, 50, 100], \"bakeSeconds\": 300, \"gates\": {...}}"));
            return null;
        }

        UnknownFields.Check(file, value, Field, KnownFields, errors);
        var steps = ReadSteps(file, value, errors);
        var counting = FailureCounting.Consecutive;
        if (value.TryGetProperty("counting", out var countingValue) && countingValue.ValueKind != JsonValueKind.Null)
        {
            // Read as modes and user-key sources are: in any case and with stray spaces; written back in lower case.
            if (countingValue.ValueKind != JsonValueKind.String || !CountingWords.TryParse(countingValue.GetString(), out counting))
            {
                errors.Add(new(file, $"{Field}.counting", $"unknown counting {JsonValues.Quote(countingValue)} (expected {CountingWords.Expected})"));
            }
        }

        var gates = new RolloutGates();
        if (!value.TryGetProperty("gates", out var gatesValue) || gatesValue.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(file, $"{Field}.gates", "is required: an object with at least one of " + string.Join(", ", KnownGates)));
        }
        else
        {
            UnknownFields.Check(file, gatesValue, $"{Field}.gates", KnownGates, errors);
            gates = new RolloutGates
            {
                ErrorRateMargin = Number(file, gatesValue, "gates.errorRateMargin", errors),
                P99Factor = Number(file, gatesValue, "gates.p99Factor", errors),
                MaxDiffRate = Number(file, gatesValue, "gates.maxDiffRate", errors),
                MaxSyncLagSeconds = Number(file, gatesValue, "gates.maxSyncLagSeconds", errors),
                MaxDrift = Number(file, gatesValue, "gates.maxDrift", errors),
                HttpCheck = Text(file, gatesValue, "gates.httpCheck", errors),
            };
        }

        return new RolloutPlan
        {
            Steps = steps,
            BakeSeconds = Whole(file, value, "bakeSeconds", errors) ?? 300,
            IntervalSeconds = Whole(file, value, "intervalSeconds", errors) ?? 60,
            MinRequests = Whole(file, value, "minRequests", errors) ?? 100,
            RollbackAfter = Whole(file, value, "rollbackAfter", errors) ?? 1,
            Counting = counting,
            Gates = gates,
        };
    }

    private static List<int> ReadSteps(string file, JsonElement plan, List<RouteValidationError> errors)
    {
        if (!plan.TryGetProperty("steps", out var value) || value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            errors.Add(new(file, $"{Field}.steps", "is required: a non-empty array of percentages ending with 100, e.g. [1, 5, 25, 50, 100]"));
            return [];
        }

        var steps = new List<int>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var step))
            {
                steps.Add(step);
            }
            else
            {
                errors.Add(new(file, $"{Field}.steps[{index}]", $"must be a whole number from 1 to 100, {JsonValues.FoundForNumber(item)}"));
            }

            index++;
        }

        return steps;
    }

    private static int? Whole(string file, JsonElement plan, string name, List<RouteValidationError> errors)
    {
        if (!plan.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        errors.Add(new(file, $"{Field}.{name}", $"must be a whole number, {JsonValues.FoundForNumber(value)}"));
        return null;
    }

    private static double? Number(string file, JsonElement gates, string path, List<RouteValidationError> errors)
    {
        if (!gates.TryGetProperty(path["gates.".Length..], out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetDouble();
        }

        errors.Add(new(file, $"{Field}.{path}", $"must be a number, {JsonValues.FoundForNumber(value)}"));
        return null;
    }

    private static string? Text(string file, JsonElement gates, string path, List<RouteValidationError> errors)
    {
        if (!gates.TryGetProperty(path["gates.".Length..], out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        errors.Add(new(file, $"{Field}.{path}", $"must be a string, found {JsonValues.Quote(value)}"));
        return null;
    }
}
