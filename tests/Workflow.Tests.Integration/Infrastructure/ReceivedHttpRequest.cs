namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>One request that <see cref="LocalHttpEndpoint"/> received, with its headers as sent.</summary>
public sealed record ReceivedHttpRequest(int Number, string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers);
