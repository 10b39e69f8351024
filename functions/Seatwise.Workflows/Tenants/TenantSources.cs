using Microsoft.Extensions.Configuration;
using Seatwise.Core.Inventory;
using Seatwise.Core.Tenants;
using Seatwise.Sources;
using Seatwise.Sources.Csv;
using Seatwise.Sources.Graph;
using Seatwise.Storage.SeatExports;

namespace Seatwise.Workflows.Tenants;

/// <summary>
/// The source a run of a tenant collects with. The default tenant's are the host's registered ones; a registry
/// tenant's are built for the run from its own settings only: nothing of the default tenant's (its Graph identity,
/// its vendor tokens) ever reaches another tenant's requests.
/// </summary>
public sealed class TenantSources(
    TenantDirectory directory,
    IEnumerable<IInventorySource> registered,
    IConfiguration configuration,
    ISecretResolver secrets,
    IHttpClientFactory httpClients,
    IdentityKeys identityKeys,
    SeatExportFiles seatExports)
{
    /// <summary>Graph settings a registry tenant takes from the deployment: how to call Graph, never whom to call it as.</summary>
    private static readonly string[] SharedGraphSettings =
        [nameof(GraphOptions.BaseUrl), nameof(GraphOptions.MaxRetries), nameof(GraphOptions.RetryDelaySeconds), nameof(GraphOptions.RequestTimeoutSeconds),
         nameof(GraphOptions.IncludeSubscriptions), nameof(GraphOptions.UsageReports), nameof(GraphOptions.AppClientId), nameof(GraphOptions.ClientSecret)];

    /// <summary>The source named <paramref name="source"/> for the tenant; null when no such source exists.</summary>
    public async Task<IInventorySource?> FindAsync(string tenant, string source, CancellationToken cancellationToken)
    {
        if (directory.IsDefault(tenant))
        {
            // The last registration of a name wins, as everywhere in DI: a host or test can replace a built-in source.
            return registered.LastOrDefault(s => s.Name == source);
        }

        var record = await directory.FindAsync(tenant, cancellationToken)
            ?? throw new SourceNotConfiguredException(source, $"tenant '{tenant}' is no longer in the registry");
        var settings = await SettingsAsync(record, source, cancellationToken);
        if (source == SourceNames.Graph)
        {
            var options = GraphOptionsFor(record, settings);
            return new GraphInventorySource(GraphClientBuilder.Create(options), options, identityKeys);
        }

        if (source == SourceNames.Csv)
        {
            return new CsvSeatExportSource(seatExports, record.Id, identityKeys);
        }

        return SourceCatalog.Vendor(source) is { } vendor
            ? vendor.Create(httpClients.CreateClient(vendor.Name), (Sources.Vendors.VendorOptions)SourceCatalog.Bind(settings, vendor.Section, vendor.OptionsType, source), identityKeys)
            : null;
    }

    /// <summary>
    /// The tenant's Graph options: the deployment's way of calling Graph, the tenant's directory, the multi-tenant
    /// app's identity (<c>Graph__TenantAuthentication</c>), and the consent URL its failures name.
    /// </summary>
    public static GraphOptions GraphOptionsFor(TenantRecord tenant, IConfiguration settings)
    {
        var options = SourceCatalog.Bind<GraphOptions>(settings, GraphOptions.Section, SourceNames.Graph);
        options.TenantId = tenant.EntraTenantId;
        options.Authentication = options.TenantAuthentication;
        options.ClientId = options.AppClientId;
        options.ConsentUrl = GraphOptions.AdminConsentUrl(tenant.EntraTenantId, options.AppClientId ?? "<Graph__AppClientId>");
        SourceCatalog.Validate(options, GraphOptions.Section, SourceNames.Graph);
        return options;
    }

    /// <summary>
    /// The settings a registry tenant's source reads: the deployment's shared Graph settings, then the tenant's own
    /// (its Key Vault references read now, only those of this source).
    /// </summary>
    private async Task<IConfiguration> SettingsAsync(TenantRecord tenant, string source, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in SharedGraphSettings.Append(nameof(GraphOptions.TenantAuthentication)))
        {
            if (configuration[$"{GraphOptions.Section}:{name}"] is { } value)
            {
                values[$"{GraphOptions.Section}:{name}"] = value;
            }
        }

        var prefix = $"Sources__{source}__";
        foreach (var (key, value) in tenant.Settings)
        {
            if (key == TenantValidator.GraphBaseUrlSetting || key.StartsWith(prefix, StringComparison.Ordinal))
            {
                values[key.Replace("__", ":", StringComparison.Ordinal)] = TenantValidator.IsKeyVaultReference(value) ? await ResolveAsync(source, key, value, cancellationToken) : value;
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private async Task<string> ResolveAsync(string source, string key, string reference, CancellationToken cancellationToken)
    {
        try
        {
            return await secrets.ResolveAsync(reference, cancellationToken);
        }
        catch (SecretUnavailableException ex)
        {
            throw new SourceNotConfiguredException(source, $"{key}: {ex.Message}");
        }
    }
}
