using Microsoft.Extensions.Logging;

namespace Workflow.Engine.Handlers;

/// <summary>What a handler knows about the attempt it runs.</summary>
public sealed class WorkContext
{
    internal WorkContext(long workItemId, string kind, string queue, int attempt, int maxAttempts, Guid nodeId, ILogger logger)
    {
        WorkItemId = workItemId;
        Kind = kind;
        Queue = queue;
        Attempt = attempt;
        MaxAttempts = maxAttempts;
        NodeId = nodeId;
        Logger = logger;
    }

    /// <summary>Id of the work item; stable across attempts, so it serves as an idempotency key.</summary>
    public long WorkItemId { get; }

    public string Kind { get; }

    public string Queue { get; }

    /// <summary>1-based number of this execution of the item, counting every earlier attempt row.</summary>
    public int Attempt { get; }

    public int MaxAttempts { get; }

    /// <summary>Id of the node that runs this attempt.</summary>
    public Guid NodeId { get; }

    /// <summary>A logger whose scope carries the item id, kind, attempt and node.</summary>
    public ILogger Logger { get; }
}
