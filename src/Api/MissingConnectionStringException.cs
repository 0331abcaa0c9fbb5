namespace Workflow.Api;

/// <summary>The exception thrown when no <c>ConnectionStrings:Workflow</c> is configured.</summary>
public sealed class MissingConnectionStringException(string message) : InvalidOperationException(message);
