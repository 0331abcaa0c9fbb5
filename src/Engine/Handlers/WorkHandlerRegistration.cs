using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Workflow.Engine.Handlers;

/// <summary>
/// One registered kind: how to validate its payload, how to run it and how to redact it for display.
/// Created by <see cref="WorkflowServiceCollectionExtensions.AddWorkHandler{THandler, TPayload}"/>.
/// </summary>
public sealed class WorkHandlerRegistration
{
    private readonly Func<IServiceProvider, string, WorkContext, CancellationToken, Task<object?>> _invoke;
    private readonly Func<string, IReadOnlyList<PayloadError>> _validate;
    private readonly Func<string, string?>? _circuitKey;

    internal WorkHandlerRegistration(
        string kind,
        Type payloadType,
        WorkKindOptions options,
        Func<IServiceProvider, string, WorkContext, CancellationToken, Task<object?>> invoke,
        Func<string, IReadOnlyList<PayloadError>> validate,
        Func<string, string?>? circuitKey = null)
    {
        Kind = kind;
        PayloadType = payloadType;
        Options = options;
        _invoke = invoke;
        _validate = validate;
        _circuitKey = circuitKey;
    }

    public string Kind { get; }

    public Type PayloadType { get; }

    public WorkKindOptions Options { get; }

    /// <summary>Checks that a JSON payload deserializes into the kind's payload type and passes its own checks.</summary>
    public IReadOnlyList<PayloadError> ValidatePayload(string payloadJson) => _validate(payloadJson);

    /// <summary>Returns the payload with secrets replaced, for the API, the dashboard and logs.</summary>
    public string RedactPayload(string payloadJson, IServiceProvider services)
    {
        if (Options.RedactPayload is null)
        {
            return payloadJson;
        }

        var node = JsonNode.Parse(payloadJson);
        return node is null ? payloadJson : Options.RedactPayload(services, node).ToJsonString();
    }

    /// <summary>
    /// Returns the circuit key a payload implementing <see cref="Circuits.ICircuitKeyedPayload"/> gives, or null for
    /// the kind's own circuit, including when the payload does not deserialize (its attempt then fails as invalid).
    /// </summary>
    public string? GetCircuitKey(string payloadJson) => _circuitKey?.Invoke(payloadJson);

    internal Task<object?> InvokeAsync(IServiceProvider services, string payloadJson, WorkContext context, CancellationToken cancellationToken)
        => _invoke(services, payloadJson, context, cancellationToken);

    internal static WorkHandlerRegistration Create<THandler, TPayload>(string kind, WorkKindOptions options)
        where THandler : class, IWorkHandler<TPayload>
    {
        var circuitKey = typeof(Circuits.ICircuitKeyedPayload).IsAssignableFrom(typeof(TPayload)) ? CircuitKey : (Func<string, string?>?)null;
        return new WorkHandlerRegistration(kind, typeof(TPayload), options, InvokeAsync, Validate, circuitKey);

        static async Task<object?> InvokeAsync(IServiceProvider services, string payloadJson, WorkContext context, CancellationToken cancellationToken)
        {
            var payload = Deserialize(payloadJson);
            var handler = services.GetRequiredService<THandler>();
            return await handler.HandleAsync(payload, context, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<PayloadError> Validate(string payloadJson)
        {
            TPayload payload;
            try
            {
                payload = Deserialize(payloadJson);
            }
            catch (JsonException ex)
            {
                if (PayloadFields.FindUnknown<TPayload>(payloadJson) is { } unknown)
                {
                    return [unknown];
                }

                var field = ex.Path is null or "$" ? "" : ex.Path.TrimStart('$').TrimStart('.');
                return [new PayloadError(field, $"The value does not fit the {kind} payload: {PayloadFields.Describe(ex)}")];
            }
            catch (WorkFailedException ex)
            {
                return [new PayloadError("", ex.Message)];
            }

            return payload is IValidatedPayload validated ? [.. validated.Validate()] : [];
        }

        static string? CircuitKey(string payloadJson)
        {
            try
            {
                return (Deserialize(payloadJson) as Circuits.ICircuitKeyedPayload)?.GetCircuitKey();
            }
            catch (Exception ex) when (ex is JsonException or WorkFailedException or NotSupportedException)
            {
                return null;
            }
        }

        static TPayload Deserialize(string payloadJson)
        {
            var payload = JsonSerializer.Deserialize<TPayload>(payloadJson, WorkflowJson.PayloadOptions);
            if (payload is null)
            {
                throw new WorkFailedException(Model.ErrorCategory.Validation, "The payload is null; send a JSON object.");
            }

            return payload;
        }
    }
}
