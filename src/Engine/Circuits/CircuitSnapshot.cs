namespace Workflow.Engine.Circuits;

/// <summary>One circuit breaker as the API and the node's pool snapshot show it. Counts start when this node created the breaker.</summary>
/// <param name="Kind">The kind whose items run behind the breaker.</param>
/// <param name="Key">The key the payload gave, such as <c>https://api.example.com:443</c>, or else the kind's name.</param>
/// <param name="State">closed, open, half_open or isolated.</param>
/// <param name="Failures">Attempts that failed with a retried category: transient, timeout or resource exhausted.</param>
/// <param name="Successes">
/// Other attempts that ran, including permanent and validation failures, because those do not reflect the health
/// of what the breaker protects.
/// </param>
/// <param name="Deferred">Items put back without running while the breaker was open or half-open.</param>
/// <param name="TimesOpened">How often the breaker opened, from closed or after a failed trial.</param>
/// <param name="OpenedAt">When the breaker last opened; null while it is closed.</param>
/// <param name="BreakEndsAt">
/// When the break ends and the next item runs as the trial attempt; null while it is closed. While half-open, the
/// time after which the items put back meanwhile are due again.
/// </param>
/// <param name="LastActivityAt">When an attempt last went through the breaker.</param>
public sealed record CircuitSnapshot(
    string Kind,
    string Key,
    string State,
    long Failures,
    long Successes,
    long Deferred,
    long TimesOpened,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? BreakEndsAt,
    DateTimeOffset LastActivityAt);
