namespace Strangler.Gateway.Shadow;

/// <summary>Builds the stored sample pair of a comparison: redacted first, then trimmed.</summary>
internal static class ShadowSamples
{
    public static ShadowSample Build(ShadowPlan plan, ShadowWork work, ShadowAnswer answer, AnswerComparison comparison,
        ShadowOptions options, DateTimeOffset at)
    {
        var request = work.Request;
        var requestHeaders = request.Headers.Select(h => KeyValuePair.Create(h.Key, string.Join(", ", h.Value))).ToList();
        var secrets = SecretValues.From(plan, requestHeaders, request.PathAndQuery);
        var contentType = requestHeaders.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        var requestBody = request.Body is null
            ? null
            : SampleRedactor.Body(plan, request.Body, contentType, wasTruncated: false, options.MaxSampleChars, secrets).Text;
        var headers = SampleRedactor.Headers(plan, requestHeaders, secrets);
        var legacy = Side(plan, work.Legacy, options, secrets);
        var @new = Side(plan, answer, options, secrets);
        return new ShadowSample(
            at,
            new ShadowSampleRequest(request.Method, SampleRedactor.PathAndQuery(request.PathAndQuery), headers, requestBody),
            legacy,
            @new,
            DifferenceRedactor.Redact(plan, comparison, legacy, @new, secrets));
    }

    private static ShadowSampleAnswer Side(ShadowPlan plan, ShadowAnswer answer, ShadowOptions options, SecretValues secrets)
    {
        var body = answer.Body.Truncated ? answer.Body.Kept : AnswerComparer.Decoded(answer, plan.Settings.MaxBodyBytes);
        var (text, truncated) = SampleRedactor.Body(plan, body, answer.Header("Content-Type"), answer.Body.Truncated, options.MaxSampleChars, secrets);
        return new ShadowSampleAnswer(answer.Status, SampleRedactor.Headers(plan, answer.Headers, secrets), text, truncated,
            Math.Round(answer.Elapsed.TotalMilliseconds, 2));
    }
}
