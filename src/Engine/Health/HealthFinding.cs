namespace Workflow.Engine.Health;

/// <summary>A threshold one health check found crossed; it becomes an alert unless one is already active for it.</summary>
internal sealed record HealthFinding(string Type, string Subject, string Message, double Value, double Threshold)
{
    public string Key => Type + "|" + Subject;
}
