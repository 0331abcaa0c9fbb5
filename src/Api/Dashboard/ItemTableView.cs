using Workflow.Persistence.Dashboard;

namespace Workflow.Api.Dashboard;

/// <summary>What the shared item table partial renders: a page, whether rows get a selection box, and the Next link.</summary>
internal sealed record ItemTableView(ItemListPage Page, bool Selectable, DateTimeOffset Now, string? NextUrl, string FirstUrl);
