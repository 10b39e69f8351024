using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Seatwise.Core.Inventory;
using Seatwise.Core.Tenants;
using Seatwise.Sources.Graph;
using Seatwise.Storage.Tenants;

namespace Seatwise.Workflows.Tenants;

/// <summary>
/// Every tenant of the deployment: the default tenant (the app settings, never stored) and the registry's. Runs,
/// routes and sources ask here which tenant an id names and what it collects.
/// </summary>
public sealed class TenantDirectory(TenantRepository registry, IOptions<SeatwiseOptions> options, IOptions<GraphOptions> graph, IConfiguration configuration)
{
    public string DefaultId => options.Value.TenantId;

    public bool IsDefault(string tenant) => tenant == DefaultId;

    /// <summary>The default tenant's sources: <c>Sources__{name}__Enabled</c>; graph is on unless turned off, the others off unless turned on.</summary>
    public IReadOnlyList<string> DefaultSources() =>
        [.. SourceNames.Collected.Where(s => bool.TryParse(configuration[$"Sources:{s}:Enabled"], out var on) ? on : SourceNames.EnabledByDefault(s))];

    /// <summary>The tenant of the single-tenant settings, as the registry shows it.</summary>
    public TenantRecord Default => new()
    {
        Id = DefaultId,
        DisplayName = "Default tenant (the app settings)",
        EntraTenantId = graph.Value.TenantId ?? string.Empty,
        Sources = [.. DefaultSources().Where(s => s != SourceNames.Graph)],
        IsDefault = true,
    };

    /// <summary>The tenant <paramref name="tenant"/> names, or null when there is none.</summary>
    public async Task<TenantRecord?> FindAsync(string tenant, CancellationToken cancellationToken) =>
        IsDefault(tenant) ? Default : (await registry.GetAsync(tenant, cancellationToken))?.Tenant;

    /// <summary>The default tenant, then the registry's in id order.</summary>
    public async Task<IReadOnlyList<TenantRecord>> ListAsync(CancellationToken cancellationToken) =>
        [Default, .. (await registry.ListAsync(cancellationToken)).Select(t => t.Tenant).Where(t => !IsDefault(t.Id))];

    /// <summary>What a run of the tenant collects, in the order runs list sources: graph always (registry tenants), then its switched-on sources.</summary>
    public IReadOnlyList<string> RunSources(TenantRecord tenant) =>
        tenant.IsDefault ? DefaultSources() : [.. SourceNames.Collected.Where(s => s == SourceNames.Graph || tenant.Sources.Contains(s, StringComparer.Ordinal))];
}
