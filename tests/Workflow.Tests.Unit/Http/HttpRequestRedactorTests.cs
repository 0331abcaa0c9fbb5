using System.Text.Json.Nodes;
using Workflow.Api.Handlers.Http;

namespace Workflow.Tests.Unit.Http;

public sealed class HttpRequestRedactorTests
{
    private const string Payload = """
        {
            "url": "https://user:url-password@example.com/hook?token=query-token&page=2",
            "method": "POST",
            "headers": {
                "Authorization": "Bearer header-token",
                "Cookie": "session=abc",
                "X-Api-Key": "api-key",
                "x-custom-secret-header": "custom",
                "Content-Type": "application/json",
                "X-Trace": "trace-1"
            },
            "body": { "order": 7 },
            "timeoutSeconds": 10
        }
        """;

    [Theory]
    [InlineData("Authorization")]
    [InlineData("Cookie")]
    [InlineData("X-Api-Key")]
    public void Redact_CredentialHeader_IsMasked(string header)
    {
        var redacted = new HttpRequestRedactor([]).Redact(JsonNode.Parse(Payload)!);

        Assert.Equal(HttpRequestRedactor.Mask, (string?)redacted["headers"]![header]);
    }

    [Fact]
    public void Redact_UpperCaseFieldNames_AreMasked()
    {
        const string payload = """
            {"URL":"https://user:url-password@example.com/?token=query-token","Headers":{"Authorization":"Bearer t"}}
            """;

        var redacted = new HttpRequestRedactor([]).Redact(JsonNode.Parse(payload)!);

        Assert.Equal(HttpRequestRedactor.Mask, (string?)redacted["Headers"]!["Authorization"]);
        Assert.DoesNotContain("url-password", (string?)redacted["URL"], StringComparison.Ordinal);
        Assert.DoesNotContain("query-token", (string?)redacted["URL"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Content-Type", "application/json")]
    [InlineData("X-Trace", "trace-1")]
    public void Redact_OrdinaryHeader_IsKept(string header, string value)
    {
        var redacted = new HttpRequestRedactor([]).Redact(JsonNode.Parse(Payload)!);

        Assert.Equal(value, (string?)redacted["headers"]![header]);
    }

    [Fact]
    public void Redact_UrlPasswordAndTokenQuery_AreMasked()
    {
        var redacted = new HttpRequestRedactor([]).Redact(JsonNode.Parse(Payload)!);

        Assert.Equal("https://user:***@example.com/hook?token=***&page=2", (string?)redacted["url"]);
    }

    [Fact]
    public void Redact_OtherFields_AreUnchanged()
    {
        var original = JsonNode.Parse(Payload)!;

        var redacted = new HttpRequestRedactor([]).Redact(original);

        Assert.Equal("POST", (string?)redacted["method"]);
        Assert.Equal(10, (int)redacted["timeoutSeconds"]!);
        Assert.True(JsonNode.DeepEquals(original["body"], redacted["body"]));
    }

    [Fact]
    public void Redact_LeavesInputUntouched()
    {
        var original = JsonNode.Parse(Payload)!;

        _ = new HttpRequestRedactor([]).Redact(original);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Payload), original));
    }

    [Fact]
    public void Redact_ConfiguredExtraHeader_IsMaskedIgnoringCase()
    {
        var payload = JsonNode.Parse("""{"url":"https://example.com/","headers":{"x-tenant":"acme","X-Trace":"t"}}""")!;

        var redacted = new HttpRequestRedactor(["X-Tenant"]).Redact(payload);

        Assert.Equal(HttpRequestRedactor.Mask, (string?)redacted["headers"]!["x-tenant"]);
        Assert.Equal("t", (string?)redacted["headers"]!["X-Trace"]);
    }

    [Theory]
    [InlineData("https://example.com/a?page=2", "https://example.com/a?page=2")]
    [InlineData("http://user:pw@example.com:8080/x", "http://user:***@example.com:8080/x")]
    [InlineData("https://example.com/?api_key=k&access_token=t&q=1", "https://example.com/?api_key=***&access_token=***&q=1")]
    [InlineData("not a url", "not a url")]
    public void RedactUrl_MasksOnlySecrets(string url, string expected)
    {
        Assert.Equal(expected, HttpRequestRedactor.RedactUrl(url));
    }
}
