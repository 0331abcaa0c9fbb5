namespace Workflow.Engine.Handlers;

/// <summary>
/// A payload that checks its own values. Submission calls <see cref="Validate"/> and rejects the item with
/// the returned errors, so an invalid payload is never stored.
/// </summary>
public interface IValidatedPayload
{
    /// <summary>Returns one error per invalid field, with the field's JSON path relative to the payload.</summary>
    IEnumerable<PayloadError> Validate();
}

/// <summary>An invalid payload field: its JSON path (such as <c>url</c> or <c>headers.Host</c>) and why.</summary>
public sealed record PayloadError(string Field, string Message);
