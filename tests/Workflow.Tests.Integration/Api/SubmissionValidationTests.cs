using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Api;

/// <summary>
/// Every rejected submission returns 400 problem details whose <c>errors</c> name the invalid field by its
/// JSON path, and stores nothing.
/// </summary>
public sealed class SubmissionValidationTests(SubmissionValidationTests.Fixture fixture)
    : IClassFixture<SubmissionValidationTests.Fixture>
{
    private const int MaxBatchSize = 3;

    private WorkflowTestServer Server => fixture.Server;

    private DatabaseFixture Database => fixture.Database;

    [Theory]
    [InlineData("kind", """{"kind":"no.such.kind"}""")]
    [InlineData("kind", """{"payload":{}}""")]
    [InlineData("kind", """{"kind":"has space"}""")]
    [InlineData("body", """{"kind":"noop","payload":{"echo":""")]
    [InlineData("body", """[{"kind":"noop"}]""")]
    [InlineData("body", "42")]
    [InlineData("payload.echo", """{"kind":"noop","payload":{"echo":"a\u0000b"}}""")]
    [InlineData("payload.echo", """{"kind":"noop","payload":{"echo":{"a\u0000b":1}}}""")]
    [InlineData("payload.echo", """{"kind":"noop","payload":{"echo":"\ud800"}}""")]
    [InlineData("payload.echo[1]", """{"kind":"noop","payload":{"echo":["ok","\udc00x"]}}""")]
    [InlineData("tags[0]", """{"kind":"noop","tags":["a\u0000b"]}""")]
    [InlineData("tags", """{"kind":"noop","tags":"one"}""")]
    [InlineData("idempotencyKey", """{"kind":"noop","idempotencyKey":"a\u0000b"}""")]
    [InlineData("idempotencyKey", """{"kind":"noop","idempotencyKey":""}""")]
    [InlineData("priority", """{"kind":"noop","priority":1e12}""")]
    [InlineData("priority", """{"kind":"noop","priority":1001}""")]
    [InlineData("priority", """{"kind":"noop","priority":-1001}""")]
    [InlineData("priority", """{"kind":"noop","priority":1.5}""")]
    [InlineData("priority", """{"kind":"noop","priority":"high"}""")]
    [InlineData("maxAttempts", """{"kind":"noop","maxAttempts":0}""")]
    [InlineData("maxAttempts", """{"kind":"noop","maxAttempts":1001}""")]
    [InlineData("timeout", """{"kind":"noop","timeout":0}""")]
    [InlineData("timeout", """{"kind":"noop","timeout":86401}""")]
    [InlineData("timeout", """{"kind":"noop","timeout":"abc"}""")]
    [InlineData("delay", """{"kind":"noop","delay":-1}""")]
    [InlineData("delay", """{"kind":"noop","delay":"-00:00:01"}""")]
    [InlineData("delay", """{"kind":"noop","delay":"30"}""")]
    [InlineData("timeout", """{"kind":"noop","timeout":"1"}""")]
    [InlineData("runAt", """{"kind":"noop","delay":5,"runAt":"2030-01-31T12:00:00Z"}""")]
    [InlineData("runAt", """{"kind":"noop","runAt":"next tuesday"}""")]
    [InlineData("runAt", """{"kind":"noop","runAt":12345}""")]
    [InlineData("color", """{"kind":"noop","color":"blue"}""")]
    [InlineData("queue", """{"kind":"noop","queue":"bad queue!"}""")]
    [InlineData("queue", """{"kind":"noop","queue":"-starts-with-dash"}""")]
    [InlineData("payload.milliseconds", """{"kind":"delay","payload":{"milliseconds":"x"}}""")]
    [InlineData("payload.milliseconds", """{"kind":"delay","payload":{"milliseconds":-5}}""")]
    [InlineData("payload.seconds", """{"kind":"delay","payload":{"seconds":5}}""")]
    [InlineData("payload.url", """{"kind":"http.request","payload":{"method":"GET"}}""")]
    [InlineData("payload.url", """{"kind":"http.request","payload":{"url":"ftp://x"}}""")]
    [InlineData("payload.method", """{"kind":"http.request","payload":{"url":"http://example.com","method":"TRACE"}}""")]
    [InlineData("kind", """{"kind":null}""")]
    [InlineData("kind", """{"kind":"noop","kind":"delay"}""")]
    [InlineData("payload.echo", """{"kind":"noop","payload":{"echo":1,"echo":2}}""")]
    [InlineData("payload.Milliseconds", """{"kind":"delay","payload":{"milliseconds":1,"Milliseconds":5}}""")]
    [InlineData("payload.URL", """{"kind":"http.request","payload":{"URL":"http://example.com"}}""")]
    [InlineData("body", """{"kind":"noop","\ud800":1}""")]
    [InlineData("payload", """{"kind":"noop","payload":{"\udc00":1}}""")]
    [InlineData("payload.echo[1]", """{"kind":"noop","payload":{"echo":[1,1e309]}}""")]
    [InlineData("payload.echo", """{"kind":"noop","payload":{"echo":1e131072}}""")]
    [InlineData("payload.echo", """{"kind":"noop","payload":{"echo":-1e200000}}""")]
    [InlineData("payload.echo", """{"kind":"noop","payload":{"echo":1e-16384}}""")]
    [InlineData("payload.echo", """{"kind":"noop","payload":{"echo":1e99999999999999999999}}""")]
    [InlineData("payload.echo", """{"kind":"noop","payload":{"echo":0e-400}}""")]
    [InlineData("payload.echo", """{"kind":"noop","payload":{"echo":1e-320}}""")]
    [InlineData("payload.echo", """{"kind":"noop","payload":{"echo":0.1e-308}}""")]
    [InlineData("payload.echo", """{"kind":"noop","payload":{"echo":1000e306}}""")]
    [InlineData("payload.echo.a", """{"kind":"noop","payload":{"echo":{"a":1e400}}}""")]
    [InlineData("runAt", """{"kind":"noop","runAt":"2030-01-01"}""")]
    [InlineData("runAt", """{"kind":"noop","runAt":"2030-01-01T00:00:00"}""")]
    [InlineData("runAt", """{"kind":"noop","runAt":"2030-01-01T00:00:00.123"}""")]
    [InlineData("runAt", """{"kind":"noop","runAt":"9000-12-31T23:59:59-14:00"}""")]
    [InlineData("runAt", """{"kind":"noop","runAt":"2000-01-01T05:00:00+14:00"}""")]
    [InlineData("payload.headers.X(y)", """{"kind":"http.request","payload":{"url":"http://example.com","headers":{"X(y)":"1"}}}""")]
    [InlineData("payload.headers.X y", """{"kind":"http.request","payload":{"url":"http://example.com","headers":{"X y":"1"}}}""")]
    [InlineData("payload.headers.", """{"kind":"http.request","payload":{"url":"http://example.com","headers":{"":"1"}}}""")]
    [InlineData("payload.headers.Host", """{"kind":"http.request","payload":{"url":"http://example.com","headers":{"Host":"a"}}}""")]
    [InlineData("payload.headers.transfer-encoding", """{"kind":"http.request","payload":{"url":"http://example.com","headers":{"transfer-encoding":"chunked"}}}""")]
    [InlineData("payload.headers.Content-Length", """{"kind":"http.request","payload":{"url":"http://example.com","headers":{"Content-Length":"5"}}}""")]
    [InlineData("payload.headers.Connection", """{"kind":"http.request","payload":{"url":"http://example.com","headers":{"Connection":"close"}}}""")]
    [InlineData("payload.headers.Keep-Alive", """{"kind":"http.request","payload":{"url":"http://example.com","headers":{"Keep-Alive":"1"}}}""")]
    [InlineData("payload.headers.Upgrade", """{"kind":"http.request","payload":{"url":"http://example.com","headers":{"Upgrade":"h2c"}}}""")]
    [InlineData("payload.headers.TE", """{"kind":"http.request","payload":{"url":"http://example.com","headers":{"TE":"trailers"}}}""")]
    [InlineData("payload.headers.Trailer", """{"kind":"http.request","payload":{"url":"http://example.com","headers":{"Trailer":"X"}}}""")]
    [InlineData("payload.headers.Proxy-Connection", """{"kind":"http.request","payload":{"url":"http://example.com","headers":{"Proxy-Connection":"x"}}}""")]
    [InlineData("payload.headers.X-A", """{"kind":"http.request","payload":{"url":"http://example.com","headers":{"X-A":"caf\u00e9"}}}""")]
    [InlineData("payload.headers.X-A", """{"kind":"http.request","payload":{"url":"http://example.com","headers":{"X-A":"a\u2028b"}}}""")]
    [InlineData("payload.headers.X-A", """{"kind":"http.request","payload":{"url":"http://example.com","headers":{"X-A":"a\u0001b"}}}""")]
    [InlineData("payload.headers.X-A", """{"kind":"http.request","payload":{"url":"http://example.com","headers":{"X-A":"a\u007fb"}}}""")]
    [InlineData("payload.headers.x-a", """{"kind":"http.request","payload":{"url":"http://example.com","headers":{"X-A":"1","x-a":"2"}}}""")]
    public async Task Submit_InvalidField_Returns400NamingField(string field, string body)
    {
        var before = await Database.CountItemsAsync();

        using var response = await PostJsonAsync("/api/v1/items", body);

        await AssertValidationProblemAsync(response, field);
        Assert.Equal(before, await Database.CountItemsAsync());
    }

    [Fact]
    public async Task Submit_PayloadOverLimit_Returns400()
    {
        var payload = new JsonObject { ["echo"] = new string('x', 256 * 1024) };
        var body = new JsonObject { ["kind"] = "noop", ["payload"] = payload }.ToJsonString();
        var before = await Database.CountItemsAsync();

        using var response = await PostJsonAsync("/api/v1/items", body);

        await AssertValidationProblemAsync(response, "payload");
        Assert.Equal(before, await Database.CountItemsAsync());
    }

    [Fact]
    public async Task Submit_PayloadAtLimit_IsAccepted()
    {
        // {"echo":"…"} adds 11 bytes around the string, so this payload is exactly 256 KiB.
        var payload = new JsonObject { ["echo"] = new string('x', (256 * 1024) - 11) };
        var body = new JsonObject { ["kind"] = "noop", ["payload"] = payload, ["delay"] = 3600 }.ToJsonString();

        using var response = await PostJsonAsync("/api/v1/items", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("1e308")]
    [InlineData("-1.7976931348623157e308")]
    [InlineData("1e-308")]
    [InlineData("12.5e-300")]
    [InlineData("0.000123")]
    public async Task Submit_NumberInRange_IsAccepted(string number)
    {
        using var response = await PostJsonAsync("/api/v1/items", $$$"""{"kind":"noop","delay":3600,"payload":{"echo":{{{number}}}}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Submit_NumbersOverLimitWhenWrittenOut_Returns400()
    {
        // 1,000 numbers of 5 characters each are stored by jsonb as 301 digits each, about 301 KB in all.
        var numbers = string.Join(",", Enumerable.Repeat("1e300", 1000));
        var before = await Database.CountItemsAsync();

        using var response = await PostJsonAsync("/api/v1/items", $$$"""{"kind":"noop","payload":{"echo":[{{{numbers}}}]}}""");

        await AssertValidationProblemAsync(response, "payload");
        Assert.Equal(before, await Database.CountItemsAsync());
    }

    [Fact]
    public async Task Submit_HtmlCharactersUnderLimit_IsAccepted()
    {
        // Escaped as \u003C, the 200 KiB of '<' would count as 1.2 MB against the 256 KiB limit.
        var payload = new JsonObject { ["echo"] = new string('<', 200 * 1024) + "é" };
        var body = new JsonObject { ["kind"] = "noop", ["payload"] = payload, ["delay"] = 3600 }.ToJsonString();

        using var response = await PostJsonAsync("/api/v1/items", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("600", 600)]
    [InlineData("\"00:10:00\"", 600)]
    [InlineData("\"1.00:00:00\"", 86_400)]
    public async Task Submit_Delay_SetsRunAtFromSecondsOrTimeString(string delay, double seconds)
    {
        var submitted = await Server.SubmitAsync(JsonNode.Parse($$"""{"kind":"noop","delay":{{delay}}}""")!);
        var id = (long)submitted["id"]!;

        // run_at and created_at come from the same now() of the insert, so the difference is exact.
        var stored = await Database.ScalarAsync<double>(
            "SELECT extract(epoch FROM run_at - created_at)::float8 FROM workflow.work_items WHERE id = $1", id);

        Assert.Equal(seconds, stored);
    }

    [Theory]
    [InlineData("2030-01-31T12:00:00+05:30")]
    [InlineData("2030-01-31T01:30:00-05:00")]
    [InlineData("2030-01-31T06:30:00Z")]
    public async Task Submit_RunAtWithOffset_StoresUtcInstant(string runAt)
    {
        var submitted = await Server.SubmitAsync(new JsonObject { ["kind"] = "noop", ["runAt"] = runAt });
        var id = (long)submitted["id"]!;

        var stored = await Database.ScalarAsync<double>(
            "SELECT extract(epoch FROM run_at)::float8 FROM workflow.work_items WHERE id = $1", id);

        Assert.Equal(new DateTimeOffset(2030, 1, 31, 6, 30, 0, TimeSpan.Zero).ToUnixTimeSeconds(), stored);
    }

    [Fact]
    public async Task Submit_TextPlainContentType_Returns415()
    {
        var before = await Database.CountItemsAsync();

        using var content = new StringContent("""{"kind":"noop"}""", Encoding.UTF8, "text/plain");
        using var response = await Server.Client.PostAsync("/api/v1/items", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Send the body as JSON with 'Content-Type: application/json'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await Database.CountItemsAsync());
    }

    [Fact]
    public async Task Submit_NoContentType_Returns415()
    {
        var before = await Database.CountItemsAsync();

        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"kind":"noop"}"""));
        using var response = await Server.Client.PostAsync("/api/v1/items", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("Content-Type: application/json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await Database.CountItemsAsync());
    }

    [Fact]
    public async Task Submit_ValidHeaders_AreAccepted()
    {
        const string body = """
            {"kind":"http.request","delay":3600,"payload":{"url":"http://example.com",
             "headers":{"X-Token_1!#$%&'*+.^`|~":"a b\tc ~!","Accept":"application/json"}}}
            """;

        using var response = await PostJsonAsync("/api/v1/items", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("iso-8859-1")]
    public async Task Submit_NonUtf8Charset_Returns415(string charset)
    {
        var before = await Database.CountItemsAsync();

        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"kind":"noop"}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");
        using var response = await Server.Client.PostAsync("/api/v1/items", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(before, await Database.CountItemsAsync());
    }

    [Theory]
    [InlineData("/api/v1/items", "{\"kind\":\"noop\",\"\u00ff\":1}", "body")]
    [InlineData("/api/v1/items", "{\"kind\":\"noop\",\"payload\":{\"echo\":\"a\u00ffb\"}}", "payload.echo")]
    [InlineData("/api/v1/items/batch", "{\"items\":[{\"kind\":\"noop\",\"\u00c3\":1}]}", "items[0]")]
    public async Task Submit_InvalidUtf8_Returns400NamingCause(string path, string latin1Body, string field)
    {
        var before = await Database.CountItemsAsync();

        // Latin-1 maps each char to one byte, so \u00ff in the body string is sent as the invalid UTF-8 byte 0xFF.
        using var content = new ByteArrayContent(Encoding.Latin1.GetBytes(latin1Body));
        content.Headers.ContentType = new("application/json");
        using var response = await Server.Client.PostAsync(path, content);

        var errors = await AssertValidationProblemAsync(response, field);
        Assert.Contains("invalid UTF-8", (string?)errors[field]![0], StringComparison.Ordinal);
        Assert.Equal(before, await Database.CountItemsAsync());
    }

    [Fact]
    public async Task Submit_SeveralInvalidFields_NamesEveryOne()
    {
        using var response = await PostJsonAsync("/api/v1/items", """{"kind":"noop","priority":5000,"maxAttempts":0,"tags":[""]}""");

        var errors = await AssertValidationProblemAsync(response, "priority");
        Assert.True(errors.ContainsKey("maxAttempts"), errors.ToJsonString());
        Assert.True(errors.ContainsKey("tags[0]"), errors.ToJsonString());
    }

    [Fact]
    public async Task Batch_InvalidThirdItem_NamesIndexedPath()
    {
        const string body = """
            {"items":[
                {"kind":"noop","delay":3600},
                {"kind":"noop","delay":3600},
                {"kind":"noop","delay":3600,"priority":1001}
            ]}
            """;
        var before = await Database.CountItemsAsync();

        using var response = await PostJsonAsync("/api/v1/items/batch", body);

        var errors = await AssertValidationProblemAsync(response, "items[2].priority");
        Assert.Single(errors);
        Assert.Equal(before, await Database.CountItemsAsync());
    }

    [Theory]
    [InlineData("items[1].payload.echo", """{"items":[{"kind":"noop"},{"kind":"noop","payload":{"echo":"\u0000"}}]}""")]
    [InlineData("items[0].kind", """{"items":[{"kind":"missing.kind"}]}""")]
    [InlineData("items[1]", """{"items":[{"kind":"noop"},"not an item"]}""")]
    [InlineData("items", """{"items":[]}""")]
    [InlineData("items", """{"items":[{"kind":"noop"},{"kind":"noop"},{"kind":"noop"},{"kind":"noop"}]}""")]
    [InlineData("items", """{"items":{"kind":"noop"}}""")]
    [InlineData("items", """[{"kind":"noop"}]""")]
    [InlineData("items[0].kind", """{"items":[{"kind":null},{"kind":"noop"}]}""")]
    [InlineData("items[0]", """{"items":[{"kind":"noop","\ud800":1}]}""")]
    [InlineData("x", """{"items":[{"kind":"noop"}],"x":1}""")]
    [InlineData("items", """{"items":[{"kind":"noop"}],"items":[{"kind":"noop"}]}""")]
    public async Task Batch_Invalid_Returns400NamingField(string field, string body)
    {
        var before = await Database.CountItemsAsync();

        using var response = await PostJsonAsync("/api/v1/items/batch", body);

        await AssertValidationProblemAsync(response, field);
        Assert.Equal(before, await Database.CountItemsAsync());
    }

    [Fact]
    public async Task Batch_AtMaxSize_IsAccepted()
    {
        var items = new JsonArray();
        for (var i = 0; i < MaxBatchSize; i++)
        {
            items.Add(new JsonObject { ["kind"] = "noop", ["delay"] = 3600 });
        }

        var before = await Database.CountItemsAsync();

        using var response = await PostJsonAsync("/api/v1/items/batch", new JsonObject { ["items"] = items }.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(before + MaxBatchSize, await Database.CountItemsAsync());
    }

    private async Task<HttpResponseMessage> PostJsonAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await Server.Client.PostAsync(path, content);
    }

    /// <summary>Checks the status, media type and error key, and returns the <c>errors</c> object.</summary>
    private static async Task<JsonObject> AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        var errors = JsonNode.Parse(text)!["errors"]?.AsObject();
        Assert.True(errors is not null, $"The problem has no errors object: {text}");
        Assert.True(errors.ContainsKey(field), $"Expected an error for '{field}': {text}");
        return errors;
    }

    /// <summary>One server for the class, with a batch limit small enough to exceed cheaply.</summary>
    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Workflow:Api:MaxBatchSize"] = MaxBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
