using Workflow.Engine.Retry;
using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using Workflow.Engine;
using Workflow.Engine.Model;
using Workflow.Persistence.Dashboard;

namespace Workflow.Api.Dashboard;

/// <summary>
/// The query string of an item list page (state, kind, queue, tag, id, key, before), checked, with every invalid
/// value reported at once.
/// </summary>
internal sealed class ItemListRequest
{
    public const int PageSize = 50;
    public const int MaxTagLength = 200;
    public const int MaxKeyLength = 200;

    public string? State { get; init; }
    public string? Kind { get; init; }
    public string? Queue { get; init; }
    public string? Tag { get; init; }
    public string? Id { get; init; }
    public string? Key { get; init; }
    public string? Before { get; init; }

    public static ItemListRequest FromQuery(IQueryCollection query)
    {
        string? Read(string name) => query[name].FirstOrDefault() is { Length: > 0 } value ? value.Trim() : null;
        return new ItemListRequest
        {
            State = Read("state"),
            Kind = Read("kind"),
            Queue = Read("queue"),
            Tag = Read("tag"),
            Id = Read("id"),
            Key = Read("key"),
            Before = Read("before"),
        };
    }

    /// <summary>Checks the values and returns the filter, or null with the problems in <paramref name="errors"/>.</summary>
    public ItemListFilter? ToFilter(bool retriesOnly, List<string> errors)
    {
        if (State is not null && !StateNames.TryParseState(State, out _))
        {
            errors.Add($"The state '{State}' is invalid. Use pending, running, succeeded, dead or cancelled.");
        }

        if (Kind is not null && !WorkItemNames.IsValidName(Kind))
        {
            errors.Add($"The kind is not a valid name. {WorkItemNames.NameRule}");
        }

        if (Queue is not null && !WorkItemNames.IsValidName(Queue))
        {
            errors.Add($"The queue is not a valid name. {WorkItemNames.NameRule}");
        }

        if (Tag is { Length: > MaxTagLength })
        {
            errors.Add($"The tag is longer than {MaxTagLength} characters.");
        }
        else if (Tag is not null && !StoredText.IsStorable(Tag))
        {
            errors.Add("The tag contains a NUL character or an unpaired surrogate, which no stored tag can contain.");
        }

        if (Key is { Length: > MaxKeyLength })
        {
            errors.Add($"The idempotency key is longer than {MaxKeyLength} characters.");
        }
        else if (Key is not null && !StoredText.IsStorable(Key))
        {
            errors.Add("The idempotency key contains a NUL character or an unpaired surrogate, which no stored key can contain.");
        }

        var id = ParsePositive(Id, "The id must be a positive whole number.", errors);
        var before = ParsePositive(Before, "The page cursor is invalid; start again from the first page.", errors);
        if (errors.Count > 0)
        {
            return null;
        }

        return new ItemListFilter(State, retriesOnly, Kind, Queue, Tag, id, Key, before);
    }

    /// <summary>Returns the path with these filters and the given cursor, for the Next link.</summary>
    public string WithCursor(string path, long? before)
    {
        var query = new QueryBuilder();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(name, value);
            }
        }

        Add("state", State);
        Add("kind", Kind);
        Add("queue", Queue);
        Add("tag", Tag);
        Add("id", Id);
        Add("key", Key);
        Add("before", before?.ToString(CultureInfo.InvariantCulture));
        return path + query.ToQueryString();
    }

    private static long? ParsePositive(string? text, string message, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        errors.Add(message);
        return null;
    }
}
