using Workflow.Engine.Options;

namespace Workflow.Engine.Scheduling;

/// <summary>A job that every node runs on its own schedule, added with <see cref="SchedulingServiceCollectionExtensions.AddNodeJob{TJob}"/>.</summary>
/// <param name="JobType">The <see cref="Quartz.IJob"/> type, resolved from the service provider at each firing.</param>
/// <param name="Interval">Reads the interval between firings from the node's options at start.</param>
public sealed record NodeJobRegistration(Type JobType, Func<WorkflowOptions, TimeSpan> Interval);
