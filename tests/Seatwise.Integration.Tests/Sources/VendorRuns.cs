using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Seatwise.Core.Findings;
using Seatwise.DemoTenant;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Sources;

/// <summary>What the vendor source tests read back after a run: the ledger, seat lines over HTTP, settings for one vendor.</summary>
internal static class VendorRuns
{
    /// <summary>Points one vendor source at the demo tenant, small pages, no back-off wait.</summary>
    public static void Enable(LocalHostSettings settings, DemoTenantServer demo, string source, int? pageSize = null)
    {
        settings.Settings[$"Sources:{source}:Enabled"] = "true";
        foreach (var (key, value) in demo.VendorSettings().Where(s => s.Key.StartsWith($"Sources:{source}:", StringComparison.Ordinal)))
        {
            settings.Settings[key] = value;
        }

        settings.Settings[$"Sources:{source}:RetryDelaySeconds"] = "0";
        if (pageSize is { } size)
        {
            settings.Settings[$"Sources:{source}:PageSize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public static async Task<List<Finding>> FindingsAsync(DemoHost setup, string type) =>
        [.. (await setup.Host.Services.GetRequiredService<FindingRepository>().ListAllAsync(setup.Tenant, CancellationToken.None))
            .Select(s => s.Entry.Finding).Where(f => f.Type == type)];

    /// <summary>The contract's seat lines of the latest run, as the API serves them.</summary>
    public static async Task<List<JsonElement>> SeatsAsync(DemoHost setup, string contractId)
    {
        var body = await setup.Client.GetStringAsync(new Uri($"api/contracts/{contractId}/seats?top=1000", UriKind.Relative));
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray()];
    }

    public static int Pages(int items, int size) => Math.Max(1, (items + size - 1) / size);
}
