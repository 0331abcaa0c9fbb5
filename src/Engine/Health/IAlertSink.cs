namespace Workflow.Engine.Health;

/// <summary>
/// Where the health check sends raised and resolved alerts when <see cref="HealthOptions.AlertWebhookUrl"/> is set.
/// The engine defines this port because it cannot submit work items itself; the server implements it by submitting
/// an <c>http.request</c> item. A call that throws is repeated at a later check with the same notification, so an
/// implementation must send each (alert id, status) once however often it is called, for example through an
/// idempotency key.
/// </summary>
public interface IAlertSink
{
    Task SendAsync(AlertNotification notification, CancellationToken cancellationToken);
}
