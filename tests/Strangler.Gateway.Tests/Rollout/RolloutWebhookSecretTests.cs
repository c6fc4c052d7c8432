using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Rollout.Notifications;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>
/// Bug: a failed webhook was logged with its whole URL, and so was every webhook request by HttpClientFactory's
/// logging; chat services put the webhook's secret in its path (https://hooks.slack.com/services/T…/B…/secret), so
/// did a bad URL's validation error. Now a webhook is named by its key and origin only.
/// </summary>
public sealed class RolloutWebhookSecretTests
{
    private const string SecretPath = "/services/T000/B000/s3cretPath";

    [Fact]
    public async Task A_failing_webhook_is_logged_by_its_key_and_origin_without_its_path()
    {
        using var closed = new ClosedPort();
        var logs = new CapturedLogLines();
        await using var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
            .AddStranglerRollout()
            .BuildServiceProvider();
        var notifier = new RolloutNotifier(services.GetRequiredService<IHttpClientFactory>(),
            Options.Create(new RolloutOptions { WebhookUrls = [closed.Url + SecretPath + "?token=s3cretQuery"] }),
            services.GetRequiredService<ILogger<RolloutNotifier>>());

        await notifier.StartAsync(TestContext.Current.CancellationToken);
        notifier.Publish(new RolloutEvent("promoted", "customers", DateTimeOffset.UtcNow, "canary", "canary", "rollout", "gates passed", []));
        Assert.True(await Eventually.TrueAsync(() => logs.Lines.Any(l => l.Contains("Rollout webhook", StringComparison.Ordinal))));
        await notifier.StopAsync(TestContext.Current.CancellationToken);

        Assert.Contains(logs.Lines, l => l.StartsWith($"Rollout webhook Strangler:Gateway:Rollout:WebhookUrls:0 ({closed.Url}) failed for promoted of customers: ", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_webhook_url_is_named_by_its_key_without_its_value()
    {
        var result = new RolloutOptionsValidator().Validate(null, new RolloutOptions { WebhookUrls = ["hooks.example.com" + SecretPath] });

        Assert.Equal(["Strangler:Gateway:Rollout:WebhookUrls:0 is not an absolute http(s) URL (the value is not shown)"], result.Failures);
    }
}
