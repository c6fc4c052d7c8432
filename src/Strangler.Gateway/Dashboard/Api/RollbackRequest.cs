namespace Strangler.Gateway.Dashboard.Api;

/// <summary>A rollback asked for by the page: the sub-domain, the revision to return to, and why.</summary>
internal sealed record RollbackRequest(string? Subdomain, long? Revision, string? Reason)
{
    /// <summary>Every problem with the request at once, each naming the field.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Subdomain))
        {
            errors.Add("subdomain: required");
        }

        if (Revision is null or < 0)
        {
            errors.Add($"revision: required, a revision from the history, was '{Revision}'");
        }

        if (string.IsNullOrWhiteSpace(Reason))
        {
            errors.Add("reason: required, say why you are rolling back");
        }

        return errors;
    }
}
