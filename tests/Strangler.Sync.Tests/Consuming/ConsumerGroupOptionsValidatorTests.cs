using Strangler.Sync.Consuming;

namespace Strangler.Sync.Tests.Consuming;

public sealed class ConsumerGroupOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(ConsumerGroupOptionsValidator.Validate(new ConsumerGroupOptions(), "Strangler:Sync:Group"));
    }

    [Fact]
    public void Every_problem_is_named_at_once()
    {
        var errors = ConsumerGroupOptionsValidator.Validate(new ConsumerGroupOptions
        {
            SessionTimeout = TimeSpan.FromHours(2),
            HeartbeatInterval = TimeSpan.Zero,
            MaxPollInterval = TimeSpan.FromSeconds(5),
            InstanceId = "pod 1",
        }, "Strangler:Sync:Group");

        Assert.Equal(
        [
            "Strangler:Sync:Group:SessionTimeout: must be between 00:00:01 and 01:00:00, was 02:00:00",
            "Strangler:Sync:Group:HeartbeatInterval: must be positive, was 00:00:00",
            "Strangler:Sync:Group:MaxPollInterval: must be at least Strangler:Sync:Group:SessionTimeout (02:00:00) and at most 1.00:00:00, was 00:00:05",
            "Strangler:Sync:Group:InstanceId: 'pod 1' must be at most 200 characters of letters, digits, '.', '_' and '-'",
        ], errors);
    }

    [Fact]
    public void A_heartbeat_above_a_third_of_the_session_is_named()
    {
        var errors = ConsumerGroupOptionsValidator.Validate(
            new ConsumerGroupOptions { SessionTimeout = TimeSpan.FromSeconds(10), HeartbeatInterval = TimeSpan.FromSeconds(4) }, "X");

        Assert.Equal(["X:HeartbeatInterval: must be at most a third of X:SessionTimeout (00:00:10), was 00:00:04"], errors);
    }
}
