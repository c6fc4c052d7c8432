namespace Strangler.Sync.Projection;

/// <summary>
/// A projection declared in C# instead of configuration: implement it, return the mapping, and register it with
/// <c>AddProjection&lt;T&gt;()</c>. Useful when the mapping deserves review and tests like other code.
/// </summary>
public interface IProjectionMapping
{
    /// <summary>The projection this class declares.</summary>
    ProjectionOptions Define();
}
