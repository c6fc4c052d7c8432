namespace Strangler.LegacyDatabase.Keys;

/// <summary>A reserved range of keys, <c>[First, First + Size)</c>, owned by one allocator.</summary>
public readonly record struct KeyBlock(long First, int Size)
{
    /// <summary>One past the last key of the block.</summary>
    public long End => First + Size;
}
