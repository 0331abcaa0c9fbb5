namespace Workflow.Engine.Scaling;

/// <summary>Why a scaling decision kept or changed the pool's size.</summary>
public enum ScaleReason
{
    /// <summary>Neither threshold was crossed.</summary>
    None = 0,

    /// <summary>The due backlog would take the busy workers longer than the target drain time.</summary>
    Backlog = 1,

    /// <summary>Utilization stayed below the scale-down threshold for the scale-down delay.</summary>
    LowUtilization = 2,

    /// <summary>A threshold was crossed, but the cooldown since the last scale event had not passed.</summary>
    Cooldown = 3,
}
