using System.Text.Json;
using Workflow.Engine.Handlers;
using Workflow.Persistence.Entities;

namespace Workflow.Api.Items;

/// <summary>
/// A work item as the API returns it. The payload is redacted by its kind's handler. <see cref="Backoff"/> is the
/// item's own retry policy (durations in seconds), or null when it follows its kind's.
/// </summary>
public sealed record WorkItemResponse(
    long Id,
    string Kind,
    string Queue,
    string State,
    JsonElement Payload,
    int Priority,
    DateTimeOffset RunAt,
    int Attempt,
    int FailedAttempts,
    int MaxAttempts,
    double? TimeoutSeconds,
    string? IdempotencyKey,
    IReadOnlyList<string> Tags,
    JsonElement? Result,
    string? LastError,
    string? LastErrorCategory,
    Guid? LeasedBy,
    DateTimeOffset? LeaseExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<AttemptResponse>? Attempts,
    JsonElement? Backoff = null);

/// <summary>One attempt of a work item.</summary>
public sealed record AttemptResponse(
    int Number,
    string Outcome,
    string? Category,
    string? Error,
    string? ErrorType,
    string? StackTrace,
    Guid? NodeId,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    double DurationMs);

/// <summary>One page of the item list. Pass its <c>next</c> value as <c>after</c> to get the next page; null means the last page.</summary>
public sealed record WorkItemPage(IReadOnlyList<WorkItemResponse> Items, string? Next);

/// <summary>The outcome of a batch submission, in the order of the submitted items.</summary>
public sealed record BatchResponse(IReadOnlyList<BatchItemResponse> Items);

/// <summary>One item of a batch submission: its id and whether this submission created it.</summary>
public sealed record BatchItemResponse(long Id, bool Created);

internal static class ItemMapping
{
    public static WorkItemResponse ToResponse(this WorkItemEntity item, HandlerRegistry registry, IServiceProvider services, bool withAttempts)
    {
        var payload = registry.TryGet(item.Kind, out var registration) ? registration.RedactPayload(item.Payload, services) : item.Payload;
        return new WorkItemResponse(
            item.Id,
            item.Kind,
            item.Queue,
            item.State,
            ParseJson(payload),
            item.Priority,
            item.RunAt,
            item.Attempt,
            item.FailedAttempts,
            item.MaxAttempts,
            item.TimeoutMs / 1000.0,
            item.IdempotencyKey,
            item.Tags,
            item.Result is null ? null : ParseJson(item.Result),
            item.LastError,
            item.LastErrorCategory,
            item.LeasedBy,
            item.LeaseExpiresAt,
            item.CreatedAt,
            item.UpdatedAt,
            item.FinishedAt,
            withAttempts ? [.. item.Attempts.Select(ToResponse)] : null,
            item.Backoff is null ? null : ParseJson(item.Backoff));
    }

    private static AttemptResponse ToResponse(AttemptEntity attempt) => new(
        attempt.Number,
        attempt.Outcome,
        attempt.ErrorCategory,
        attempt.ErrorMessage,
        attempt.ErrorType,
        attempt.ErrorStack,
        attempt.NodeId,
        attempt.StartedAt,
        attempt.FinishedAt,
        attempt.DurationMs);

    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
