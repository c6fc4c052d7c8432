using Microsoft.Extensions.Options;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Fleet;

namespace Strangler.Gateway.Tests.Fleet;

public sealed class FleetOptionsValidatorTests
{
    private static readonly FleetOptions Fleet = new() { Store = "postgres", ConnectionString = "Host=db" };

    [Fact]
    public void AFleetWithItsSharedSecrets_AndTheDefaultIntervals_IsValid()
    {
        Assert.True(Validator().Validate(null, Fleet).Succeeded);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    public void StoreTimeoutNotPositive_IsRefused_NamingTheKey(string timeout)
    {
        var result = Validator().Validate(null, Fleet with { StoreTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal([$"Strangler:Gateway:Fleet:StoreTimeout must be positive, found '{timeout}'."], result.Failures);
    }

    [Fact]
    public void IntervalsPastADay_AreRefused_NamingEachKey()
    {
        // CancelAfter throws past about 49 days, and only when the interval is first used: refused at start-up instead.
        var week = TimeSpan.FromDays(7);
        var result = Validator().Validate(null, Fleet with { StoreTimeout = week, PollInterval = week, LeaseDuration = week });

        Assert.Equal(
            [
                "Strangler:Gateway:Fleet:PollInterval must be at most 24 hours, found '7.00:00:00'.",
                "Strangler:Gateway:Fleet:StoreTimeout must be at most 24 hours, found '7.00:00:00'.",
                "Strangler:Gateway:Fleet:LeaseDuration must be from 1 second to 24 hours, found '7.00:00:00'.",
            ],
            result.Failures);
    }

    [Theory]
    [InlineData("00:00:15")]
    [InlineData("00:00:10")]
    [InlineData("1.00:00:01")]
    public void ReplicaGoneAfter_NotPastTheFreshnessBoundOrPastADay_IsRefused_NamingTheKeyAndTheBound(string goneAfter)
    {
        // Three publications of 5 s: a replica as silent as that is still counted fresh; gone must come later.
        var value = TimeSpan.Parse(goneAfter, System.Globalization.CultureInfo.InvariantCulture);
        var result = Validator().Validate(null, Fleet with { ReplicaGoneAfter = value });

        Assert.Equal([$"Strangler:Gateway:Fleet:ReplicaGoneAfter must be longer than three TrafficPublishIntervals (00:00:15) and at most 24 hours, found '{goneAfter}'."],
            result.Failures);
        Assert.True(Validator().Validate(null, Fleet with { ReplicaGoneAfter = TimeSpan.FromSeconds(16) }).Succeeded);
    }

    [Theory]
    [InlineData("00:20:15")]
    [InlineData("00:01:00")]
    [InlineData("7.00:00:01")]
    public void ForgetReplicaAfter_NotPastGoneAndTheLongestWindowOrPastAWeek_IsRefused_NamingTheKeyAndTheBound(string forget)
    {
        // Gone after 5 min, the longest window 15 min, three publications of 5 s: the holder reads a crashed replica's
        // row that long, to name it silent and then gone.
        var value = TimeSpan.Parse(forget, System.Globalization.CultureInfo.InvariantCulture);
        var result = Validator().Validate(null, Fleet with { ForgetReplicaAfter = value });

        Assert.Equal([$"Strangler:Gateway:Fleet:ForgetReplicaAfter must be longer than ReplicaGoneAfter plus the longest gate window (15 minutes) and three TrafficPublishIntervals (00:20:15) and at most 7 days, found '{forget}'."],
            result.Failures);
        Assert.True(Validator().Validate(null, Fleet with { ForgetReplicaAfter = TimeSpan.FromMinutes(21) }).Succeeded);
        Assert.True(Validator().Validate(null, Fleet with { ForgetReplicaAfter = TimeSpan.FromDays(7) }).Succeeded);
    }

    [Fact]
    public void StoreTimeoutLongerThanTheLease_IsAllowed_ALeaseStaysSafe()
    {
        // The holder counts its hold from when a renewal was sent, so a late answer never stretches it (see StoreTimeout).
        var result = Validator().Validate(null, Fleet with { StoreTimeout = TimeSpan.FromSeconds(5), LeaseDuration = TimeSpan.FromSeconds(2) });

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("postgres", "Host=db;Password=ab;s3cret=x", "PostgreSQL (Npgsql)")]
    [InlineData("sqlserver", "Server=db;Password=ab;s3cret", "SQL Server (Microsoft.Data.SqlClient)")]
    public void AConnectionStringTheDriverCannotRead_IsRefused_NamingTheKey_QuotingNoneOfIt(string store, string connectionString, string driver)
    {
        // A password with an unquoted ';': the drivers' own messages quote what follows it.
        var result = Validator().Validate(null, Fleet with { Store = store, ConnectionString = connectionString });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith($"Strangler:Gateway:Fleet:ConnectionString is not one the {driver} driver can read", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", failure, StringComparison.Ordinal);
    }

    private static FleetOptionsValidator Validator() => new(
        Options.Create(new GatewayOptions { OverrideSigningKey = "shared-signing-key" }),
        Options.Create(new DashboardOptions { KeysDirectory = "/shared/keys" }));
}
