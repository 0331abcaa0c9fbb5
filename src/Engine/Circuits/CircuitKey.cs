namespace Workflow.Engine.Circuits;

/// <summary>
/// Identity of one circuit breaker: the kind, and the key its payload gave or else the kind's name. Kinds never
/// share a breaker, because each kind has its own settings.
/// </summary>
public readonly record struct CircuitKey(string Kind, string Key);
