namespace Workflow.Engine.Handlers;

/// <summary>The registered kinds of this process, looked up by name.</summary>
public sealed class HandlerRegistry
{
    private readonly Dictionary<string, WorkHandlerRegistration> _byKind = new(StringComparer.Ordinal);

    public HandlerRegistry(IEnumerable<WorkHandlerRegistration> registrations)
    {
        foreach (var registration in registrations)
        {
            if (!_byKind.TryAdd(registration.Kind, registration))
            {
                throw new WorkflowException(
                    $"The kind '{registration.Kind}' is registered twice. Register each kind with one handler.");
            }
        }
    }

    public IReadOnlyCollection<string> Kinds => _byKind.Keys;

    public bool TryGet(string kind, out WorkHandlerRegistration registration)
        => _byKind.TryGetValue(kind, out registration!);
}
