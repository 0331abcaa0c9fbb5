using System.Globalization;
using System.Text;
using Workflow.Api.Handlers;

namespace Workflow.Bench;

/// <summary>Request bodies of the submission API for the built-in kinds.</summary>
internal static class ItemJson
{
    /// <summary>A <c>noop</c> item with an empty payload.</summary>
    public static readonly string Noop = "{\"kind\":\"" + NoopHandler.Kind + "\",\"payload\":{}}";

    public static readonly byte[] NoopBody = Encoding.UTF8.GetBytes(Noop);

    /// <summary>A <c>delay</c> item that waits the given time.</summary>
    public static string Delay(TimeSpan delay)
        => "{\"kind\":\"" + DelayHandler.Kind + "\",\"payload\":{\"milliseconds\":"
           + ((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "}}";

    /// <summary>A batch submission body with <paramref name="count"/> copies of one item.</summary>
    public static byte[] Batch(int count, string item)
        => Encoding.UTF8.GetBytes("{\"items\":[" + string.Join(",", Enumerable.Repeat(item, count)) + "]}");
}
