using System.Reflection;
using Microsoft.AspNetCore.Http;
using Seatwise.Storage.Accounts;
using Seatwise.Workflows.Api;

namespace Seatwise.Workflows.Health;

/// <summary>What the health handler uses, resolved once per request by the route table.</summary>
public sealed record HealthServices(StorageProbe Probe);

public static class HealthApi
{
    private static readonly string Version =
        typeof(HealthApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Liveness plus storage reachability; 503 naming the failing part, within a bounded time.</summary>
    public static async Task<IResult> GetHealth(ApiRequest request, HealthServices services)
    {
        var result = await services.Probe.CheckAsync(StorageProbe.DefaultTimeout, request.CancellationToken);
        if (result.Healthy)
        {
            return Results.Json(new HealthResponse("ok", "ok", Version));
        }

        var failures = new List<string>();
        if (result.TableError is not null)
        {
            failures.Add($"table storage: {result.TableError}");
        }

        if (result.BlobError is not null)
        {
            failures.Add($"blob storage: {result.BlobError}");
        }

        return Problems.Unavailable(
            "Storage is not reachable: " + string.Join("; ", failures),
            new Dictionary<string, object?> { ["status"] = "degraded", ["storage"] = "unreachable", ["version"] = Version });
    }
}

public sealed record HealthResponse(string Status, string Storage, string Version);
