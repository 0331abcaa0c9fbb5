namespace Workflow.Engine.Circuits;

/// <summary>
/// A payload that names the circuit its item runs behind, such as the scheme, host and port of an outbound call,
/// so one failing destination opens only its own breaker instead of the whole kind's. The engine reads the key
/// before the attempt starts.
/// </summary>
public interface ICircuitKeyedPayload
{
    /// <summary>
    /// Returns the circuit key, or null to use the kind's own circuit. Keys are compared ordinally within a kind.
    /// Keep them short and few, because each distinct key keeps a breaker in memory.
    /// </summary>
    string? GetCircuitKey();
}
