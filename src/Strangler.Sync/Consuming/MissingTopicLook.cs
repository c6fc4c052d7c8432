namespace Strangler.Sync.Consuming;

/// <summary>What a <see cref="MissingTopicWatch"/> found when it asked the broker.</summary>
/// <param name="Appeared">Topics reported missing that now exist: the consumer subscribes again so the group assigns them.</param>
/// <param name="StillMissing">Topics still missing after the grace: a warning each.</param>
internal sealed record MissingTopicLook(IReadOnlyList<string> Appeared, IReadOnlyList<string> StillMissing)
{
    public static readonly MissingTopicLook Nothing = new([], []);
}
