namespace Workflow.Engine;

/// <summary>Base type of the exceptions the engine itself throws.</summary>
public class WorkflowException : Exception
{
    public WorkflowException(string message)
        : base(message)
    {
    }

    public WorkflowException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
