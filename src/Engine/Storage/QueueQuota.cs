namespace Workflow.Engine.Storage;

/// <summary>A queue and the most items that one lease or one backlog count may take from it.</summary>
public readonly record struct QueueQuota(string Queue, int Limit);
