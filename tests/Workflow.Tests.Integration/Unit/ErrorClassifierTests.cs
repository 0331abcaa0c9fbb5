using System.Data.Common;
using System.Net;
using System.Security;
using System.Security.Authentication;
using System.Text.Json;
using Polly.CircuitBreaker;
using Workflow.Engine.Handlers;
using Workflow.Engine.Model;
using Workflow.Engine.Retry;

namespace Workflow.Tests.Integration.Unit;

public sealed class ErrorClassifierTests
{
    public static TheoryData<Exception, ErrorCategory> Cases => new()
    {
        { new WorkFailedException(ErrorCategory.Permanent, "no"), ErrorCategory.Permanent },
        { new TimeoutException(), ErrorCategory.Timeout },
        { new TaskCanceledException(), ErrorCategory.Timeout },
        { new OperationCanceledException(), ErrorCategory.Timeout },
        { new HttpRequestException("x", null, HttpStatusCode.RequestTimeout), ErrorCategory.Transient },
        { new HttpRequestException("x", null, HttpStatusCode.TooManyRequests), ErrorCategory.ResourceExhausted },
        { new HttpRequestException("x", null, HttpStatusCode.InternalServerError), ErrorCategory.Transient },
        { new HttpRequestException("x", null, HttpStatusCode.ServiceUnavailable), ErrorCategory.Transient },
        { new HttpRequestException("x", null, HttpStatusCode.Unauthorized), ErrorCategory.Security },
        { new HttpRequestException("x", null, HttpStatusCode.Forbidden), ErrorCategory.Security },
        { new HttpRequestException("x", null, HttpStatusCode.NotFound), ErrorCategory.Permanent },
        { new HttpRequestException("x", null, HttpStatusCode.BadRequest), ErrorCategory.Permanent },
        { new HttpRequestException("connection refused"), ErrorCategory.Transient },
        { new JsonException(), ErrorCategory.Validation },
        { new ArgumentNullException("name"), ErrorCategory.Validation },
        { new FormatException(), ErrorCategory.Validation },
        { new InsufficientExecutionStackException(), ErrorCategory.ResourceExhausted },
        { new UnauthorizedAccessException(), ErrorCategory.Security },
        { new SecurityException(), ErrorCategory.Security },
        { new AuthenticationException(), ErrorCategory.Security },
        { new BrokenCircuitException(), ErrorCategory.Transient },
        { new IsolatedCircuitException(), ErrorCategory.Transient },
        { new FakeDbException(transient: true), ErrorCategory.Transient },
        { new FakeDbException(transient: false), ErrorCategory.Permanent },
        { new InvalidOperationException(), ErrorCategory.Transient },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_MapsExceptionType(Exception exception, ErrorCategory expected)
        => Assert.Equal(expected, ErrorClassifier.Classify(exception));

    [Fact]
    public void Classify_LooksThroughWrappers()
    {
        var wrapped = new InvalidOperationException("update failed", new FakeDbException(transient: false));
        var deep = new AggregateException(new InvalidOperationException("outer", new HttpRequestException("x", null, HttpStatusCode.NotFound)));

        Assert.Equal(ErrorCategory.Permanent, ErrorClassifier.Classify(wrapped));
        Assert.Equal(ErrorCategory.Permanent, ErrorClassifier.Classify(deep));
    }

    [Fact]
    public void Classify_TlsFailureInsideHttpError_IsSecurity()
    {
        var tls = new HttpRequestException("The SSL connection could not be established.", new AuthenticationException("bad certificate"));

        Assert.Equal(ErrorCategory.Security, ErrorClassifier.Classify(tls));
    }

    [Fact]
    public void Classify_UsesStorageTransientCheck()
    {
        var storageError = new FakeDbException(transient: false);
        var otherError = new IOException("reset");

        Assert.Equal(ErrorCategory.Transient, ErrorClassifier.Classify(storageError, e => e == storageError));
        Assert.Equal(ErrorCategory.Permanent, ErrorClassifier.Classify(storageError, _ => false));
        Assert.Equal(ErrorCategory.Transient, ErrorClassifier.Classify(otherError, _ => true));
    }

    [Theory]
    [InlineData(408, ErrorCategory.Transient)]
    [InlineData(429, ErrorCategory.ResourceExhausted)]
    [InlineData(500, ErrorCategory.Transient)]
    [InlineData(599, ErrorCategory.Transient)]
    [InlineData(401, ErrorCategory.Security)]
    [InlineData(403, ErrorCategory.Security)]
    [InlineData(407, ErrorCategory.Security)]
    [InlineData(404, ErrorCategory.Permanent)]
    [InlineData(422, ErrorCategory.Permanent)]
    public void ForHttpStatus_MapsErrorStatus(int status, ErrorCategory expected)
        => Assert.Equal(expected, ErrorClassifier.ForHttpStatus(status));

    [Theory]
    [InlineData(200)]
    [InlineData(302)]
    public void ForHttpStatus_NonErrorStatus_IsNull(int status)
        => Assert.Null(ErrorClassifier.ForHttpStatus(status));

    [Theory]
    [InlineData(ErrorCategory.Transient, true)]
    [InlineData(ErrorCategory.Timeout, true)]
    [InlineData(ErrorCategory.ResourceExhausted, true)]
    [InlineData(ErrorCategory.Permanent, false)]
    [InlineData(ErrorCategory.Validation, false)]
    [InlineData(ErrorCategory.Security, false)]
    public void IsRetried_OnlyRetriedCategories(ErrorCategory category, bool expected)
        => Assert.Equal(expected, ErrorClassifier.IsRetried(category));

    [Fact]
    public void RequestedDelay_ComesFromFailureOrOpenCircuit()
    {
        var fromHandler = new WorkFailedException(ErrorCategory.ResourceExhausted, "slow down", TimeSpan.FromSeconds(7));
        var fromCircuit = new BrokenCircuitException("open", TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(7), ErrorClassifier.RequestedDelay(fromHandler));
        Assert.Equal(TimeSpan.FromSeconds(3), ErrorClassifier.RequestedDelay(fromCircuit));
        Assert.Null(ErrorClassifier.RequestedDelay(new IsolatedCircuitException()));
        Assert.Null(ErrorClassifier.RequestedDelay(new TimeoutException()));
    }

    private sealed class FakeDbException(bool transient) : DbException("database error")
    {
        public override bool IsTransient => transient;
    }
}
