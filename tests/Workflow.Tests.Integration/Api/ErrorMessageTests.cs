using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Workflow.Tests.Integration.Infrastructure;

namespace Workflow.Tests.Integration.Api;

public sealed class ErrorMessageTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task PayloadTypo_ListsAllowedFields()
    {
        var problem = await PostAsync("""{"kind":"http.request","payload":{"ulr":"http://127.0.0.1:1/"}}""");

        var message = (string?)problem["errors"]!["payload.ulr"]![0];
        Assert.Equal("Unknown field. Allowed fields: url, method, headers, body, timeoutSeconds.", message);
    }

    [Fact]
    public async Task PayloadFieldInOtherCase_ListsAllowedFields()
    {
        var problem = await PostAsync("""{"kind":"http.request","payload":{"URL":"http://127.0.0.1:1/"}}""");

        var message = (string?)problem["errors"]!["payload.URL"]![0];
        Assert.Equal("Unknown field. Allowed fields: url, method, headers, body, timeoutSeconds.", message);
    }

    [Fact]
    public async Task DuplicateProperty_NamesPropertyAndFix()
    {
        var problem = await PostAsync("""{"kind":"noop","kind":"delay"}""");

        var message = (string?)problem["errors"]!["kind"]![0];
        Assert.Equal("The property 'kind' appears more than once in its object. Send each property once.", message);
    }

    [Fact]
    public async Task UnpairedSurrogateName_NamesEveryCause()
    {
        var problem = await PostAsync("""{"kind":"noop","\ud800":1}""");

        var message = (string?)problem["errors"]!["body"]![0];
        Assert.Contains("NUL character (\\u0000), an unpaired surrogate or invalid UTF-8", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReservedHeader_NamesHeader()
    {
        var problem = await PostAsync(
            """{"kind":"http.request","payload":{"url":"http://127.0.0.1:1/","headers":{"Transfer-Encoding":"chunked"}}}""");

        var message = (string?)problem["errors"]!["payload.headers.Transfer-Encoding"]![0];
        Assert.StartsWith("The header Transfer-Encoding is set by the HTTP client", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutOfRangeNumber_EchoesNumberAndRange()
    {
        var problem = await PostAsync("""{"kind":"noop","payload":{"echo":1e-16384}}""");

        var message = (string?)problem["errors"]!["payload.echo"]![0];
        Assert.Equal(
            "The number 1e-16384 is out of range. Send numbers that a double can hold, with a decimal exponent from -308 to 308.",
            message);
    }

    [Fact]
    public async Task PayloadWrongType_NamesFieldWithoutReaderDetails()
    {
        var problem = await PostAsync("""{"kind":"delay","payload":{"milliseconds":"x"}}""");

        var message = (string?)problem["errors"]!["payload.milliseconds"]![0];
        Assert.NotNull(message);
        Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyBody_SaysEmpty()
    {
        var problem = await PostAsync("");

        Assert.Equal("The body is empty. Send a JSON object.", (string?)problem["errors"]!["body"]![0]);
    }

    [Fact]
    public async Task TrailingComma_GivesPositionWithoutReaderAdvice()
    {
        var problem = await PostAsync("""{"kind":"noop",}""");

        var message = (string?)problem["errors"]!["body"]![0];
        Assert.StartsWith("The body is not valid JSON at line 1, byte ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("reader options", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DelayString_EchoesValueAndFix()
    {
        var problem = await PostAsync("""{"kind":"noop","delay":"30"}""");

        var message = (string?)problem["errors"]!["delay"]![0];
        Assert.StartsWith("The delay \"30\" is invalid. Send a number of seconds (such as 30)", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/v1/items/abc")]
    [InlineData("POST", "/api/v1/items/abc/cancel")]
    [InlineData("POST", "/api/v1/items/1.5/retry")]
    public async Task NonNumericId_Returns400NamingId(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]!["id"]);
    }

    [Fact]
    public async Task UnknownQueryParameter_Returns400NamingIt()
    {
        using var response = await Client.GetAsync("/api/v1/items?statte=pending");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]!["statte"]);
    }

    private async Task<JsonNode> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync("/api/v1/items", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
