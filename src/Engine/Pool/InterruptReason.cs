namespace Workflow.Engine.Pool;

/// <summary>Why a running attempt's token fired, when it was not the handler's own doing.</summary>
internal enum InterruptReason
{
    None = 0,
    Timeout = 1,
    LeaseLost = 2,
    Shutdown = 3,
}
