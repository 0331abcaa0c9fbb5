using Workflow.Engine.Health;

namespace Workflow.Api.Dashboard;

/// <summary>A health alert with the node whose snapshot reports it.</summary>
internal sealed record NodeAlert(NodeStatus Node, PoolAlert Alert);
