namespace Strangler.Gateway.Diffing;

/// <summary>How the new side's answer differs from legacy's at one path.</summary>
internal enum DiffKind
{
    /// <summary>Legacy has it, the new side does not.</summary>
    Missing,

    /// <summary>The new side has it, legacy does not.</summary>
    Extra,

    /// <summary>Both have it, as different JSON types (string against number, object against array...).</summary>
    Type,

    /// <summary>Same type, different value (numbers compared by value, so 1 and 1.0 are equal).</summary>
    Value,

    /// <summary>An array holds the same elements in a different order (and is not declared a set).</summary>
    Order,
}
