namespace Workflow.Engine.Model;

/// <summary>State of an engine node as stored in its node row.</summary>
public enum NodeState
{
    Running,
    Draining,
    Stopped,
    Dead,
}
