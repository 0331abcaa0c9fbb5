using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflow.Persistence.Dashboard;

namespace Workflow.Api.Dashboard.Pages;

/// <summary>
/// Recurring work: the engine has no user-defined schedules yet, so the page shows its own cluster-wide periodic
/// jobs with their triggers, and their latest runs of all jobs or of one.
/// </summary>
internal sealed class RecurringModel(SystemJobsQuery jobs, TimeProvider time) : PageModel
{
    /// <summary>Number of runs the page lists.</summary>
    public const int RunCount = 20;

    /// <summary>Longest job name the filter accepts, as long as the job_runs column.</summary>
    public const int MaxJobNameLength = 200;

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["recovery-sweep"] = "Marks nodes with a stale heartbeat dead and releases their items and expired leases.",
        ["retention"] = "Deletes old finished items with their attempts, old job runs and old statistics.",
        ["statistics-rollup"] = "Counts the attempts of closed minutes per kind and queue for the history graph.",
    };

    /// <summary>The job whose runs to list; all jobs when empty.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Job { get; set; }

    public IReadOnlyList<SystemJob> Jobs { get; private set; } = [];

    public IReadOnlyList<SystemJobRun> Runs { get; private set; } = [];

    public List<string> Errors { get; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        Job = string.IsNullOrWhiteSpace(Job) ? null : Job.Trim();
        Jobs = await jobs.ListJobsAsync(cancellationToken);
        if (Job is { Length: > MaxJobNameLength })
        {
            Errors.Add($"The job name is longer than {MaxJobNameLength} characters. Pick a job from the tabs.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Job = null;
            return;
        }

        if (Job is not null && !Workflow.Engine.Retry.StoredText.IsStorable(Job))
        {
            Errors.Add("The job name contains a NUL character or an unpaired surrogate. Pick a job from the tabs.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Job = null;
            return;
        }

        Runs = await jobs.ListRunsAsync(Job, RunCount, cancellationToken);
    }

    /// <summary>Returns one line on what the engine's job does, or null for a job this build does not know.</summary>
    public static string? Describe(string jobName) => Descriptions.GetValueOrDefault(jobName);

    /// <summary>The jobs the run tabs offer: those with a trigger, and the filtered job when it has none.</summary>
    public IEnumerable<string> TabJobs
        => Job is null || Jobs.Any(j => j.Name == Job) ? Jobs.Select(j => j.Name) : Jobs.Select(j => j.Name).Append(Job);

    public static string RunsUrl(string? jobName)
        => DashboardSetup.BasePath + "/recurring" + (jobName is null ? "" : "?job=" + Uri.EscapeDataString(jobName)) + "#runs";
}
