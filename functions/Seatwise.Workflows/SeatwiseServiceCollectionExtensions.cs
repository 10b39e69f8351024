using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reclaim;
using Seatwise.Sources;
using Seatwise.Sources.Atlassian;
using Seatwise.Sources.AzureBilling;
using Seatwise.Sources.Csv;
using Seatwise.Sources.GitHub;
using Seatwise.Sources.Graph;
using Seatwise.Sources.Reclaim;
using Seatwise.Sources.Salesforce;
using Seatwise.Sources.Slack;
using Seatwise.Sources.Vendors;
using Seatwise.Sources.Zoom;
using Seatwise.Storage.Accounts;
using Seatwise.Storage.Contracts;
using Seatwise.Storage.Reclaim;
using Seatwise.Storage.Runs;
using Seatwise.Storage.SeatExports;
using Seatwise.Storage.Snapshots;
using Seatwise.Storage.Tables;
using Seatwise.Storage.Tenants;
using Seatwise.Workflows.Alerts;
using Seatwise.Workflows.Api;
using Seatwise.Workflows.Contracts;
using Seatwise.Workflows.Health;
using Seatwise.Workflows.Hosting;
using Seatwise.Workflows.Queries;
using Seatwise.Workflows.Reclaim;
using Seatwise.Workflows.Tenants;
using Seatwise.Workflows.Runs;

namespace Seatwise.Workflows;

public static class SeatwiseServiceCollectionExtensions
{
    /// <summary>
    /// Registers everything Seatwise needs; the Functions app and the local host each call this once and add only
    /// what differs between them (triggers, the durable backend, Kestrel).
    /// </summary>
    public static IServiceCollection AddSeatwise(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SeatwiseOptions>()
            .Bind(configuration.GetSection(SeatwiseOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => CreateStorageAccount(configuration, [.. sp.GetServices<StoragePolicy>()]));
        services.TryAddSingleton<StorageProbe>();
        services.AddOptions<StorageSettings>().Bind(configuration.GetSection(StorageSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<StorageSettings>>().Value);
        services.TryAddSingleton<TableStore>();
        services.TryAddSingleton<ContractRepository>();
        services.TryAddSingleton<SnapshotStore>();
        services.TryAddSingleton<RunRepository>();
        services.TryAddSingleton<ResultRepository>();
        services.TryAddSingleton<FindingRepository>();
        services.TryAddSingleton<TrendRepository>();
        services.TryAddSingleton<SnapshotInputs>();
        services.TryAddSingleton<RunStarter>();
        // Each API surface's dependencies, resolved once per request by the route table (ApiRoute.For).
        services.TryAddSingleton<HealthServices>();
        services.TryAddSingleton<ContractsServices>();
        services.TryAddSingleton<RunsServices>();
        services.TryAddSingleton<FindingsServices>();
        services.TryAddSingleton<QueryServices>();
        services.TryAddSingleton<ReclaimRepository>();
        services.TryAddSingleton<TenantRepository>();
        services.TryAddSingleton<TenantsServices>();
        services.TryAddSingleton<TenantDirectory>();
        services.TryAddSingleton<ISecretResolver, KeyVaultSecretResolver>();
        services.TryAddSingleton<TenantSources>();
        services.TryAddSingleton<TenantAccess>();
        // Fail closed: a host that lets tenant routes through without Api__Key says so (the local host on loopback).
        services.TryAddSingleton(new ApiKeyPolicy(OpenWithoutKey: false));
        services.TryAddSingleton<ReclaimServices>();
        services.AddOptions<ReclaimSettings>().Bind(configuration.GetSection(ReclaimSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        // Activity classes, from the one registration list: the Functions app's triggers and the local host's
        // Durable Task worker both resolve them from here.
        foreach (var activity in WorkflowRegistry.Activities)
        {
            services.TryAddTransient(activity.ActivityType);
        }

        services.AddOptions<RulesSettings>().Bind(configuration.GetSection(RulesSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AlertSettings>().Bind(configuration.GetSection(AlertSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EventSettings>().Bind(configuration.GetSection(EventSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        // The webhook URL is a secret (its signature is in the query string): no request logging for this client.
        services.AddHttpClient<TeamsWebhook>(c => c.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.TryAddSingleton<IEventPublisher, ServiceBusEventPublisher>();
        services.TryAddTransient<WeeklyDigestSender>();
        services.AddOptions<RenewalSettings>().Bind(configuration.GetSection(RenewalSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RunSettings>().Bind(configuration.GetSection(RunSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<RunSlotRepository>();
        services.AddOptions<RetentionSettings>().Bind(configuration.GetSection(RetentionSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FocusHubSettings>().Bind(configuration.GetSection(FocusHubSettings.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<GraphOptions>()
            .Bind(configuration.GetSection(GraphOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Identity__AliasDomains: alias=primary pairs that join ann@contoso-old.com with ann@contoso.com across sources.
        services.AddOptions<IdentitySettings>().Bind(configuration.GetSection(IdentitySettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<IdentitySettings>>().Value.ToIdentityKeys());
        services.TryAddSingleton(sp => GraphClientBuilder.Create(sp.GetRequiredService<IOptions<GraphOptions>>().Value));
        services.AddSingleton<IInventorySource>(sp => new GraphInventorySource(
            sp.GetRequiredService<Microsoft.Graph.GraphServiceClient>(),
            sp.GetRequiredService<IOptions<GraphOptions>>().Value,
            sp.GetRequiredService<IdentityKeys>()));

        services.TryAddSingleton<SeatExportFiles>();
        services.AddSingleton<IInventorySource>(sp => new CsvSeatExportSource(
            sp.GetRequiredService<SeatExportFiles>(),
            sp.GetRequiredService<IOptions<SeatwiseOptions>>().Value.TenantId,
            sp.GetRequiredService<IdentityKeys>()));

        AddVendorSource<ZoomOptions>(services, configuration, ZoomSource.SourceName);
        AddVendorSource<GitHubOptions>(services, configuration, GitHubSource.SourceName);
        AddVendorSource<SlackOptions>(services, configuration, SlackSource.SourceName);
        AddVendorSource<AtlassianOptions>(services, configuration, AtlassianSource.SourceName);
        AddVendorSource<SalesforceOptions>(services, configuration, SalesforceSource.SourceName);
        AddVendorSource<AzureOptions>(services, configuration, AzureSource.SourceName);

        // Reclaim's writers, one per source that can give a seat back; transient, so each batch reads SKUs afresh.
        services.AddTransient<IReclaimWriter>(sp => new GraphLicenseWriter(
            sp.GetRequiredService<Microsoft.Graph.GraphServiceClient>(), sp.GetRequiredService<IOptions<GraphOptions>>().Value));
        services.AddTransient<IReclaimWriter>(sp => new ZoomSeatWriter(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(ZoomSource.SourceName), sp.GetRequiredService<IOptions<ZoomOptions>>().Value));
        services.AddTransient<IReclaimNotifier>(sp => new GraphMailNotifier(
            sp.GetRequiredService<Microsoft.Graph.GraphServiceClient>(), sp.GetRequiredService<IOptions<ReclaimSettings>>().Value.NoticeMailbox));
        services.AddTransient<IReclaimWriter>(sp => new SlackSeatWriter(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(SlackSource.SourceName), sp.GetRequiredService<IOptions<SlackOptions>>().Value));
        services.AddTransient<IReclaimWriter>(sp => new SalesforceSeatWriter(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(SalesforceSource.SourceName), sp.GetRequiredService<IOptions<SalesforceOptions>>().Value));
        services.AddTransient<IReclaimWriter>(sp => new CopilotSeatWriter(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(GitHubSource.SourceName), sp.GetRequiredService<IOptions<GitHubOptions>>().Value));

        return services;
    }

    /// <summary>
    /// A vendor API source: its options validated at start, a named HttpClient whose request logging is removed
    /// (URLs and errors stay out of the logs with the token's scope of access), and the source itself.
    /// </summary>
    private static void AddVendorSource<TOptions>(IServiceCollection services, IConfiguration configuration, string name)
        where TOptions : VendorOptions
    {
        var entry = SourceCatalog.Vendor(name) ?? throw new InvalidOperationException($"{name} is not in the source catalog.");
        services.AddOptions<TOptions>().Bind(configuration.GetSection(entry.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(name, c => c.Timeout = TimeSpan.FromSeconds(100)).RemoveAllLoggers();
        services.AddSingleton(sp => entry.Create(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(name),
            sp.GetRequiredService<IOptions<TOptions>>().Value,
            sp.GetRequiredService<IdentityKeys>()));
    }

    /// <summary>Reads <c>AzureWebJobsStorage</c> the way the Functions host does (connection string or identity parts).</summary>
    public static StorageAccount CreateStorageAccount(IConfiguration configuration, IReadOnlyList<StoragePolicy>? policies = null)
    {
        var section = configuration.GetSection("AzureWebJobsStorage");
        var parts = section.GetChildren().ToDictionary(c => c.Key, c => c.Value, StringComparer.OrdinalIgnoreCase);
        return StorageAccount.FromSettings(section.Value, parts, policies);
    }
}
