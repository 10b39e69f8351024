using System.Text.Json;

namespace Seatwise.Integration.Tests.Hosting;

/// <summary>One function as either host knows it: kind, name and, for HTTP, method and route.</summary>
public sealed record HostFunction(string Kind, string Name, string? Detail = null)
{
    public override string ToString() => Detail is null ? $"{Kind} {Name}" : $"{Kind} {Name} ({Detail})";
}

/// <summary>Compares the Functions app's generated functions.metadata with what the local host serves.</summary>
public static class HostParity
{
    public static IReadOnlyList<HostFunction> ReadFunctionsMetadata(string json)
    {
        var functions = new List<HostFunction>();
        foreach (var function in JsonDocument.Parse(json).RootElement.EnumerateArray())
        {
            var name = function.GetProperty("name").GetString()!;
            var trigger = function.GetProperty("bindings").EnumerateArray()
                .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            var type = trigger.GetProperty("type").GetString();
            functions.Add(type switch
            {
                "httpTrigger" => new HostFunction("http", name, Http(trigger)),
                "orchestrationTrigger" => new HostFunction("orchestration", name),
                "activityTrigger" => new HostFunction("activity", name),
                "timerTrigger" => new HostFunction("timer", name, trigger.GetProperty("schedule").GetString()),
                _ => new HostFunction(type ?? "unknown", name),
            });
        }

        return functions;
    }

    /// <summary>Every difference, as readable lines; empty when both hosts agree.</summary>
    public static IReadOnlyList<string> Compare(IEnumerable<HostFunction> functionsApp, IEnumerable<HostFunction> localHost)
    {
        var app = functionsApp.ToHashSet();
        var local = localHost.ToHashSet();
        return
        [
            .. app.Except(local).Select(f => $"only in the Functions app: {f}"),
            .. local.Except(app).Select(f => $"only in the local host: {f}"),
        ];
    }

    private static string Http(JsonElement trigger)
    {
        var methods = trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).Order();
        var auth = trigger.TryGetProperty("authLevel", out var level) ? level.GetString()! : "Function";
        return $"{string.Join(",", methods)} {trigger.GetProperty("route").GetString()} {auth}";
    }
}
