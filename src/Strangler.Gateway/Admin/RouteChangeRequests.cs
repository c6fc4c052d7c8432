using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Admin;

/// <summary>
/// Reads flip and rollback bodies into <see cref="FlipRequest"/> and <see cref="RollbackRequest"/>: the one validation
/// behind the admin API (and so the CLI, which calls it) and the dashboard. Every problem comes back at once, keyed by
/// its field: malformed or oversized JSON, a field written twice, unknown fields, wrong types, and the meaning checks of
/// <see cref="RouteChanges"/>.
/// </summary>
internal static class RouteChangeRequests
{
    /// <summary>The actor recorded when an admin API request names none.</summary>
    public const string DefaultActor = "admin-api";

    /// <summary>
    /// Reads a flip. <paramref name="fixedActor"/> null: the body may name an <c>actor</c> (default
    /// <see cref="DefaultActor"/>); otherwise the actor is that value and an <c>actor</c> field is refused as unknown.
    /// </summary>
    public static async Task<RequestRead<FlipRequest>> ReadFlipAsync(HttpRequest request, string? fixedActor = null)
    {
        var (reader, bodyErrors) = await AdminRequestReader.ReadAsync(request,
            fixedActor is null
                ? ["subdomain", "mode", "percentage", "reason", "actor", "expectedRevision"]
                : ["subdomain", "mode", "percentage", "reason", "expectedRevision"]);
        if (reader is null)
        {
            return new(null, bodyErrors!);
        }

        var subdomain = reader.String("subdomain", required: true);
        var mode = reader.Mode("mode");
        var percentage = reader.Integer("percentage", required: false);
        var reason = reader.String("reason", required: true);
        var actor = fixedActor ?? reader.String("actor", required: false) ?? DefaultActor;
        var expectedRevision = reader.Integer("expectedRevision", required: false);
        // Meaning is checked even when some fields were malformed, so one answer lists every problem.
        foreach (var error in RouteChanges.CheckFlip(mode, percentage, reason, actor))
        {
            reader.Errors.TryAdd(error.Field, [error.Message]);
        }

        return reader.Errors.Count > 0
            ? new(null, reader.Errors)
            : new(new FlipRequest
            {
                Subdomain = subdomain!, Mode = mode!.Value, Percentage = (int?)percentage, Reason = reason!, Actor = actor,
                ExpectedRevision = expectedRevision,
            }, reader.Errors);
    }

    /// <summary>Reads a rollback; <paramref name="fixedActor"/> as for <see cref="ReadFlipAsync"/>.</summary>
    public static async Task<RequestRead<RollbackRequest>> ReadRollbackAsync(HttpRequest request, string? fixedActor = null)
    {
        var (reader, bodyErrors) = await AdminRequestReader.ReadAsync(request,
            fixedActor is null ? ["revision", "subdomain", "reason", "actor"] : ["revision", "subdomain", "reason"]);
        if (reader is null)
        {
            return new(null, bodyErrors!);
        }

        var revision = reader.Integer("revision", required: true);
        var subdomain = reader.String("subdomain", required: false);
        var reason = reader.String("reason", required: true);
        var actor = fixedActor ?? reader.String("actor", required: false) ?? DefaultActor;
        foreach (var error in RouteChanges.CheckRollback(revision, reason, actor))
        {
            reader.Errors.TryAdd(error.Field, [error.Message]);
        }

        return reader.Errors.Count > 0
            ? new(null, reader.Errors)
            : new(new RollbackRequest { Revision = revision!.Value, Subdomain = subdomain, Reason = reason!, Actor = actor }, reader.Errors);
    }
}
