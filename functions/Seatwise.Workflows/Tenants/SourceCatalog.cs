using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Seatwise.Core.Inventory;
using Seatwise.Sources;
using Seatwise.Sources.Atlassian;
using Seatwise.Sources.AzureBilling;
using Seatwise.Sources.GitHub;
using Seatwise.Sources.Salesforce;
using Seatwise.Sources.Slack;
using Seatwise.Sources.Vendors;
using Seatwise.Sources.Zoom;

namespace Seatwise.Workflows.Tenants;

/// <summary>
/// The vendor API sources by name: their settings section and how one is built from its options. The default
/// tenant's are registered from this list (options from the app settings, validated at start); a registry
/// tenant's are built from it per run with that tenant's settings.
/// </summary>
public static class SourceCatalog
{
    public sealed record VendorEntry(string Name, string Section, Type OptionsType, Func<HttpClient, VendorOptions, IdentityKeys, IInventorySource> Create);

    public static IReadOnlyList<VendorEntry> Vendors { get; } =
    [
        Vendor<ZoomOptions>(ZoomSource.SourceName, ZoomOptions.Section, (http, o, keys) => new ZoomSource(http, o, keys)),
        Vendor<GitHubOptions>(GitHubSource.SourceName, GitHubOptions.Section, (http, o, keys) => new GitHubSource(http, o, keys)),
        Vendor<SlackOptions>(SlackSource.SourceName, SlackOptions.Section, (http, o, keys) => new SlackSource(http, o, keys)),
        Vendor<AtlassianOptions>(AtlassianSource.SourceName, AtlassianOptions.Section, (http, o, keys) => new AtlassianSource(http, o, keys)),
        Vendor<SalesforceOptions>(SalesforceSource.SourceName, SalesforceOptions.Section, (http, o, keys) => new SalesforceSource(http, o, keys)),
        Vendor<AzureOptions>(AzureSource.SourceName, AzureOptions.Section, (http, o, _) => new AzureSource(http, o)),
    ];

    public static VendorEntry? Vendor(string name) => Vendors.FirstOrDefault(v => v.Name == name);

    private static VendorEntry Vendor<TOptions>(string name, string section, Func<HttpClient, TOptions, IdentityKeys, IInventorySource> create)
        where TOptions : VendorOptions =>
        new(name, section, typeof(TOptions), (http, options, keys) => create(http, (TOptions)options, keys));

    /// <summary>
    /// Options bound from a tenant's settings and checked by the same rules as at the host's start; invalid
    /// settings skip the source naming each one, as a missing token does.
    /// </summary>
    public static T Bind<T>(IConfiguration configuration, string section, string source) => (T)Bind(configuration, section, typeof(T), source);

    public static object Bind(IConfiguration configuration, string section, Type type, string source)
    {
        var options = configuration.GetSection(section).Get(type) ?? Activator.CreateInstance(type)!;
        Validate(options, section, source);
        return options;
    }

    public static void Validate(object options, string section, string source)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new SourceNotConfiguredException(source, "the tenant's settings are invalid: " +
                string.Join("; ", results.Select(r => $"{string.Join(", ", r.MemberNames.Select(m => $"{section.Replace(":", "__", StringComparison.Ordinal)}__{m}"))} {r.ErrorMessage}")));
        }
    }
}
