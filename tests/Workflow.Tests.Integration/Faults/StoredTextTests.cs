using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Options;
using Workflow.Tests.Integration.Infrastructure;
using Workflow.Tests.Integration.Processes;

namespace Workflow.Tests.Integration.Faults;

/// <summary>
/// Text that PostgreSQL cannot store as it is (NUL characters, unpaired surrogates) or that is far too long, in
/// handler errors and results. The item must never stay <c>running</c> because its outcome could not be stored.
/// </summary>
public sealed class StoredTextTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string Queue = "stored-text";
    private const int TenMegabytes = 10 * 1024 * 1024;

    private WorkflowTestServer _server = null!;

    public async Task InitializeAsync()
        => _server = await WorkflowTestServer.StartAsync(database.ConnectionString, NodeRows.ForQueue(Queue), services =>
        {
            FaultHandlers.Add(services);

            // The failed attempt's log entry carries the 10 MB exception; keep it off the test output.
            services.AddLogging(logging => logging.AddFilter("Workflow.Engine.Pool.AttemptRunner", LogLevel.Error));
        });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task HugeErrorWithNul_IsTruncatedAndRetried()
    {
        var submitted = await _server.SubmitAsync(new
        {
            kind = HugeErrorHandler.Kind,
            queue = Queue,
            payload = new { messageLength = TenMegabytes },
            maxAttempts = 3,
        });
        var id = (long)submitted["id"]!;

        var item = await _server.WaitForStateAsync(id, "succeeded", TimeSpan.FromSeconds(60));
        var rows = await database.RowsAsync(
            "SELECT outcome, error_category, error_message, error_stack FROM workflow.attempts WHERE work_item_id = $1 ORDER BY number",
            id);

        Assert.Equal(2, rows.Count);
        var failed = rows[0];
        Assert.Equal("failed", failed["outcome"]);
        Assert.Equal("transient", failed["error_category"]);
        var message = (string)failed["error_message"]!;
        Assert.Equal(WorkflowOptions.DefaultMaxErrorMessageLength, message.Length);
        Assert.EndsWith("[truncated]", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', message);
        Assert.Equal('\uFFFD', message[HugeErrorHandler.NulEvery - 1]);
        var stack = (string)failed["error_stack"]!;
        Assert.InRange(stack.Length, 1, WorkflowOptions.DefaultMaxStackTraceLength);
        Assert.Equal("succeeded", rows[1]["outcome"]);
        Assert.Equal(2, (int)item["result"]!["attempt"]!);
        var lastError = await database.ScalarAsync<string>("SELECT last_error FROM workflow.work_items WHERE id = $1", id);
        Assert.Equal(message, lastError);
    }

    [Theory]
    [InlineData("nul")]
    [InlineData("surrogate")]
    public async Task UnstorableResult_FailsAsValidation(string text)
    {
        var submitted = await _server.SubmitAsync(new
        {
            kind = UnstorableResultHandler.Kind,
            queue = Queue,
            payload = new { text },
            maxAttempts = 3,
        });
        var id = (long)submitted["id"]!;

        var item = await _server.WaitForStateAsync(id, "dead");

        var attempt = Assert.Single(item["attempts"]!.AsArray())!;
        Assert.Equal("failed", (string?)attempt["outcome"]);
        Assert.Equal("validation", (string?)attempt["category"]);
        Assert.Contains("NUL", (string?)attempt["error"], StringComparison.Ordinal);
        Assert.Null(item["result"]);
        Assert.Equal("validation", (string?)item["lastErrorCategory"]);
    }

    [Theory]
    [InlineData("{\"kind\":\"noop\",\"payload\":{\"echo\":\"a\\u0000b\"}}")]
    [InlineData("{\"kind\":\"noop\",\"payload\":{\"echo\":\"a\\ud800b\"}}")]
    public async Task UnstorablePayload_IsRejectedAtSubmit(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _server.Client.PostAsync("/api/v1/items", content);

        var problem = await response.Content.ReadAsStringAsync();
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("NUL", problem, StringComparison.Ordinal);
        Assert.Equal(0, await database.ScalarAsync<long>("SELECT count(*) FROM workflow.work_items WHERE kind = 'noop'"));
    }
}
