using Strangler.Gateway.Diffing;

namespace Strangler.Gateway.Shadow;

/// <summary>One stored sample pair: the request, both answers and their differences, redacted and trimmed.</summary>
internal sealed record ShadowSample(
    DateTimeOffset At,
    ShadowSampleRequest Request,
    ShadowSampleAnswer Legacy,
    ShadowSampleAnswer New,
    IReadOnlyList<Difference> Differences);

/// <summary>The request of a <see cref="ShadowSample"/>.</summary>
internal sealed record ShadowSampleRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string? Body);

/// <summary>One side's answer in a <see cref="ShadowSample"/>; <c>BodyTruncated</c> when the text was trimmed.</summary>
internal sealed record ShadowSampleAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Body, bool BodyTruncated, double ElapsedMs);
