using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Copies legacy's answer for one shadowed request while it streams to the client (<see cref="TeeStream"/>), and
/// when the forward is done, hands the copy and the replayable request to the queue. <see cref="End"/> puts the
/// client's response stream back whatever happened.
/// </summary>
internal sealed class ShadowTap
{
    private readonly ShadowTraffic _traffic;
    private readonly ShadowPlan _plan;
    private readonly string _endpoint;
    private readonly string _legacyPrefix;
    private readonly string _newPrefix;
    private readonly ShadowRequest _request;
    private readonly bool _noise;
    private readonly TimeProvider _time;
    private readonly Stream _original;
    private readonly CappedBuffer _copy;
    private readonly long _started;
    private bool _streaming;

    public ShadowTap(ShadowTraffic traffic, ShadowPlan plan, string endpoint, string legacyPrefix, string newPrefix, ShadowRequest request,
        bool noise, HttpContext context, TimeProvider time)
    {
        _traffic = traffic;
        _plan = plan;
        _endpoint = endpoint;
        _legacyPrefix = legacyPrefix;
        _newPrefix = newPrefix;
        _request = request;
        _noise = noise;
        _time = time;
        _original = context.Response.Body;
        _copy = new CappedBuffer(plan.Settings.MaxBodyBytes);
        var tee = new TeeStream(_original, _copy);
        context.Response.Body = tee;
        _started = time.GetTimestamp();
        // Legacy's headers say what its answer is before any byte of it is written: an event stream need not end, so
        // it is passed through uncopied and counted skipped now (the stream, and so End, may last hours).
        context.Response.OnStarting(() =>
        {
            if (ShadowTraffic.IsEventStream(context.Response.ContentType))
            {
                _streaming = true;
                tee.StopCopying();
                _traffic.Skipped(_plan, _endpoint, ShadowSkips.EventStream);
            }

            return Task.CompletedTask;
        });
    }

    public void End(HttpContext context)
    {
        var elapsed = _time.GetElapsedTime(_started);
        context.Response.Body = _original;
        // An event stream (counted when it started), legacy unreachable or the client gone: nothing to compare with.
        if (_streaming || context.RequestAborted.IsCancellationRequested || context.Features.Get<IForwarderErrorFeature>() is not null)
        {
            _copy.Dispose();
            return;
        }

        var headers = new List<KeyValuePair<string, string>>(context.Response.Headers.Count);
        foreach (var (name, values) in context.Response.Headers)
        {
            headers.Add(KeyValuePair.Create(name, values.ToString()));
        }

        var legacy = new ShadowAnswer(context.Response.StatusCode, headers, _copy, elapsed);
        var reserved = _copy.Kept.Length + (_request.Body?.Length ?? 0);
        _traffic.Submit(new ShadowWork(_plan, _endpoint, _legacyPrefix, _newPrefix, _request, legacy, _noise, reserved));
    }
}
