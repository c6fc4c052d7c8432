namespace Samples.LegacyMonolith;

/// <summary>
/// The sample legacy monolith: customers and orders over one SQLite database, the kind of application Strangler
/// moves away from one sub-domain at a time.
/// </summary>
public static class LegacyMonolithApp
{
    /// <summary>
    /// Builds the monolith from command-line arguments and configuration (section <c>LegacyMonolith</c>). The
    /// schema is created and seeded when the host starts.
    /// </summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddLegacyMonolith();
        var app = builder.Build();
        app.MapLegacyMonolith();
        return app;
    }
}
