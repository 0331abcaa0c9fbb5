using System.Security.Cryptography;
using System.Text.Json;
using Workflow.Api.Handlers.Http;
using Workflow.Engine;
using Workflow.Engine.Health;
using Workflow.Engine.Options;
using Workflow.Persistence.Submission;

namespace Workflow.Api.Alerts;

/// <summary>
/// Sends alerts to <see cref="HealthOptions.AlertWebhookUrl"/> through the engine itself: each raised or resolved
/// alert becomes an <c>http.request</c> item that POSTs <see cref="WebhookAlertBody"/> as JSON, with the item's
/// retries, backoff and circuit breaker. The idempotency key <c>workflow-alert:{alert id}:{status}</c> makes a
/// repeated call return the first item, so each notification is sent once. The item goes to the node's first queue
/// at the highest priority (-1000), so the node that raised the alert also runs it, ahead of a backlog.
/// </summary>
internal sealed class WebhookAlertSink(WorkItemSubmitter submitter, WorkflowOptions options) : IAlertSink
{
    public const int Priority = -1000;

    public async Task SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        if (options.Health.AlertWebhookUrl is not { } url)
        {
            return;
        }

        var node = new WebhookAlertNode(notification.NodeId, notification.Host);
        var body = new WebhookAlertBody(WebhookAlertBody.EventType, notification.Status, node, notification.Alert);
        var payload = new { url, method = "POST", body };
        var payloadJson = JsonSerializer.Serialize(payload, WorkflowJson.ResultOptions);
        var item = new NewWorkItem(
            Kind: HttpRequestHandler.Kind,
            Queue: options.Queues[0],
            PayloadJson: payloadJson,
            Priority: Priority,
            RunAt: null,
            Delay: TimeSpan.Zero,
            MaxAttempts: options.MaxAttempts,
            TimeoutMs: (int)options.Timeout.TotalMilliseconds,
            IdempotencyKey: $"workflow-alert:{notification.Alert.Id}:{notification.Status}",
            RequestHash: SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(payloadJson)),
            Tags: ["alert"]);
        await submitter.SubmitAsync([item], cancellationToken).ConfigureAwait(false);
    }
}
