using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflow.Persistence.Dashboard;

namespace Workflow.Api.Dashboard.Pages;

/// <summary>Recurring schedules, once the engine has them.</summary>
internal sealed class RecurringModel(DashboardSources sources) : PageModel
{
    public SourceResult<IReadOnlyList<RecurringSchedule>> Schedules { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
        => Schedules = await sources.GetRecurringSchedulesAsync(cancellationToken);
}
