using System.Net;
using System.Text.Json.Nodes;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Engine;

public sealed class WorkItemLifecycleTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private WorkflowTestServer _server = null!;

    public async Task InitializeAsync()
        => _server = await WorkflowTestServer.StartAsync(database.ConnectionString, services: TestHandlers.Add);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Noop_Succeeds_WithOneSucceededAttempt()
    {
        var submitted = await _server.SubmitAsync(new { kind = "noop", payload = new { echo = new { order = 42 } } });
        var id = (long)submitted["id"]!;

        var item = await _server.WaitForStateAsync(id, "succeeded");

        Assert.Equal(42, (int)item["result"]!["order"]!);
        var attempts = item["attempts"]!.AsArray();
        Assert.Single(attempts);
        Assert.Equal("succeeded", (string?)attempts[0]!["outcome"]);
        Assert.Equal(1, (int)item["attempt"]!);
        Assert.NotNull(item["finishedAt"]);
    }

    [Fact]
    public async Task FailingItem_RetriesThenDies_WithEveryAttemptStored()
    {
        var submitted = await _server.SubmitAsync(new { kind = FlakyHandler.Kind, payload = new { failures = 100 }, maxAttempts = 3 });
        var id = (long)submitted["id"]!;

        var item = await _server.WaitForStateAsync(id, "dead");

        var attempts = item["attempts"]!.AsArray();
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a => Assert.Equal("failed", (string?)a!["outcome"]));
        Assert.All(attempts, a => Assert.Equal("transient", (string?)a!["category"]));
        Assert.Equal([1, 2, 3], attempts.Select(a => (int)a!["number"]!));
        Assert.Equal("Planned failure of attempt 3.", (string?)item["lastError"]);
        Assert.Equal(3, (int)item["failedAttempts"]!);
    }

    [Fact]
    public async Task FlakyItem_SucceedsOnThirdAttempt_AfterGrowingDelays()
    {
        var submitted = await _server.SubmitAsync(new { kind = FlakyHandler.Kind, payload = new { failures = 2 } });
        var id = (long)submitted["id"]!;

        var item = await _server.WaitForStateAsync(id, "succeeded");

        var attempts = item["attempts"]!.AsArray();
        Assert.Equal(["failed", "failed", "succeeded"], attempts.Select(a => (string?)a!["outcome"]));
        Assert.Equal("Planned failure of attempt 1.", (string?)attempts[0]!["error"]);
        Assert.Equal("Planned failure of attempt 2.", (string?)attempts[1]!["error"]);
        Assert.Null((string?)attempts[2]!["error"]);
    }

    [Fact]
    public async Task PermanentFailure_DiesWithoutRetry()
    {
        var submitted = await _server.SubmitAsync(new { kind = FlakyHandler.Kind, payload = new { failures = 5, category = "permanent" } });
        var id = (long)submitted["id"]!;

        var item = await _server.WaitForStateAsync(id, "dead");

        var attempts = item["attempts"]!.AsArray();
        Assert.Single(attempts);
        Assert.Equal("permanent", (string?)attempts[0]!["category"]);
    }

    [Fact]
    public async Task CancelPending_MakesItCancelled_AndSecondCancelConflicts()
    {
        var submitted = await _server.SubmitAsync(new { kind = "noop", delay = 3600 });
        var id = (long)submitted["id"]!;

        using var cancel = await _server.Client.PostAsync($"/api/v1/items/{id}/cancel", null);
        using var again = await _server.Client.PostAsync($"/api/v1/items/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (string?)(await _server.GetItemAsync(id))["state"]);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CancelRunning_StopsHandler_AndStoresCancelledAttempt()
    {
        var submitted = await _server.SubmitAsync(new { kind = "delay", payload = new { milliseconds = 60_000 } });
        var id = (long)submitted["id"]!;
        await _server.WaitForStateAsync(id, "running");

        using var cancel = await _server.Client.PostAsync($"/api/v1/items/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var item = await Eventually.ValueAsync(
            () => _server.GetItemAsync(id), i => i["attempts"]!.AsArray().Count == 1, "the cancelled attempt to be stored");
        Assert.Equal("cancelled", (string?)item["state"]);
        Assert.Equal("cancelled", (string?)item["attempts"]![0]!["outcome"]);
        await Eventually.TrueAsync(
            async () => await database.ScalarAsync<long>("SELECT count(*) FROM workflow.work_items WHERE id = $1 AND state = 'cancelled'", id) == 1,
            "the item to stay cancelled");
    }

    [Fact]
    public async Task RetryDead_RunsAgain_KeepingAttemptHistory()
    {
        var submitted = await _server.SubmitAsync(new { kind = FlakyHandler.Kind, payload = new { failures = 1 }, maxAttempts = 1 });
        var id = (long)submitted["id"]!;
        await _server.WaitForStateAsync(id, "dead");

        using var retry = await _server.Client.PostAsync($"/api/v1/items/{id}/retry", null);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var item = await _server.WaitForStateAsync(id, "succeeded");
        Assert.Equal(["failed", "succeeded"], item["attempts"]!.AsArray().Select(a => (string?)a!["outcome"]));
    }

    [Fact]
    public async Task RetrySucceeded_Conflicts()
    {
        var submitted = await _server.SubmitAsync(new { kind = "noop" });
        var id = (long)submitted["id"]!;
        await _server.WaitForStateAsync(id, "succeeded");

        using var retry = await _server.Client.PostAsync($"/api/v1/items/{id}/retry", null);

        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        var problem = JsonNode.Parse(await retry.Content.ReadAsStringAsync())!;
        Assert.Equal("succeeded", (string?)problem["state"]);
    }

    [Fact]
    public async Task ActionsOnMissingItem_Return404()
    {
        using var get = await _server.Client.GetAsync("/api/v1/items/999999999");
        using var cancel = await _server.Client.PostAsync("/api/v1/items/999999999/cancel", null);
        using var retry = await _server.Client.PostAsync("/api/v1/items/999999999/retry", null);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, retry.StatusCode);
    }
}
