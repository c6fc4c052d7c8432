namespace Strangler.Outbox.Tests;

public sealed class OutboxOptionsTests
{
    [Fact]
    public void Validate_EmptySettings_NamesEveryMissingKey()
    {
        var errors = new OutboxOptions().Validate();

        Assert.Equal(["Strangler:Outbox:BootstrapServers is required.", "Strangler:Outbox:Topic is required.", "Strangler:Outbox:Source is required."], errors);
    }
}
