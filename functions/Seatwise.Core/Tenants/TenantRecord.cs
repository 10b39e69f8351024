using System.Text.RegularExpressions;
using Seatwise.Core.Contracts;
using Seatwise.Core.Inventory;
using Seatwise.Core.Money;

namespace Seatwise.Core.Tenants;

/// <summary>
/// One tenant of a deployment (table <c>Tenants</c>): a subsidiary or an MSP's customer with its own Entra tenant,
/// sources, schedule, alert channel and currency. Vendor secrets are never stored here, only Key Vault references.
/// </summary>
public sealed record TenantRecord
{
    /// <summary>The key every row of the tenant is stored under and every route names (<c>/api/tenants/{id}/...</c>).</summary>
    public string Id { get; init; } = string.Empty;

    public string DisplayName { get; init; } = string.Empty;

    /// <summary>The Entra tenant (directory) id the deployment's multi-tenant app is consented in.</summary>
    public string EntraTenantId { get; init; } = string.Empty;

    /// <summary>Off: the tenant keeps its data but no run starts for it.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Sources a run collects for the tenant besides graph (<see cref="SourceNames.Collected"/>).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>
    /// The tenant's source settings, named as the app settings are (<c>Sources__github__Organization</c>); a secret
    /// (a token, a client secret) only as a Key Vault reference <c>@Microsoft.KeyVault(SecretUri=...)</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The tenant's own sync schedule (six-field cron, UTC); null: the deployment's <c>Schedules__Sync</c>.</summary>
    public string? Schedule { get; init; }

    /// <summary>Key Vault reference to the tenant's Teams webhook URL (a secret: its signature is in the URL); null: none.</summary>
    public string? AlertWebhook { get; init; }

    /// <summary>The currency the tenant's summaries lead with (ISO 4217); contracts keep their own.</summary>
    public string Currency { get; init; } = "EUR";

    /// <summary>True for the tenant of the single-tenant settings (<c>Seatwise__TenantId</c>), which is not stored.</summary>
    public bool IsDefault { get; init; }
}

/// <summary>The rules a tenant record must follow; every error names its field.</summary>
public static partial class TenantValidator
{
    public const int MaxIdLength = 40;
    public const int MaxSettings = 50;

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^Sources__(?<source>[a-z]+)__(?<key>[A-Za-z][A-Za-z0-9]{0,63})$")]
    private static partial Regex SettingPattern();

    /// <summary>Setting names whose values are secrets: only Key Vault references are accepted for them.</summary>
    public static bool IsSecret(string key) =>
        key.Contains("Token", StringComparison.OrdinalIgnoreCase) || key.Contains("Secret", StringComparison.OrdinalIgnoreCase) ||
        key.Contains("Password", StringComparison.OrdinalIgnoreCase) || key.EndsWith("Key", StringComparison.OrdinalIgnoreCase);

    /// <summary>The one Graph setting a tenant may carry: its national cloud's Graph (a GCC High or 21Vianet customer).</summary>
    public const string GraphBaseUrlSetting = "Graph__BaseUrl";

    /// <summary>
    /// The Graph endpoints of Microsoft's clouds (global, US Government L4 and L5, China); tokens are only ever
    /// requested for these or for a loopback address (the local demo tenant), so a registry entry cannot send a
    /// tenant's Graph token anywhere else.
    /// </summary>
    public static readonly IReadOnlyList<string> GraphHosts = ["graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us", "microsoftgraph.chinacloudapi.cn"];

    public static string? GraphBaseUrlProblem(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) &&
        ((uri.Scheme == Uri.UriSchemeHttps && GraphHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase)) || (uri.IsLoopback && uri.Scheme is "http" or "https"))
            ? null
            : $"must be the Graph endpoint of a Microsoft cloud (https://{string.Join(", https://", GraphHosts)}, with /v1.0) or a loopback address.";

    public static bool IsKeyVaultReference(string? value) =>
        value is not null && value.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) && value.EndsWith(')');

    /// <summary>Why <paramref name="id"/> cannot be a tenant id (it is a table key and a route segment); null when it can.</summary>
    public static string? IdProblem(string id) =>
        IdPattern().IsMatch(id) ? null : $"'{id}' is not a tenant id: 1 to {MaxIdLength} lower-case letters, digits and inner hyphens.";

    public static IReadOnlyList<FieldError> Validate(TenantRecord tenant)
    {
        var errors = new List<FieldError>();
        if (IdProblem(tenant.Id) is { } idProblem)
        {
            errors.Add(new FieldError("id", idProblem));
        }

        if (string.IsNullOrWhiteSpace(tenant.DisplayName) || tenant.DisplayName.Length > 200)
        {
            errors.Add(new FieldError("displayName", "is required, at most 200 characters."));
        }

        if (!Guid.TryParseExact(tenant.EntraTenantId, "D", out _))
        {
            errors.Add(new FieldError("entraTenantId", $"'{tenant.EntraTenantId}' is not an Entra tenant id (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47)."));
        }

        foreach (var source in tenant.Sources)
        {
            if (!SourceNames.Vendors.Contains(source, StringComparer.Ordinal))
            {
                errors.Add(new FieldError("sources", $"'{source}' is not a source to switch on; use {string.Join(", ", SourceNames.Vendors)} (graph always runs)."));
            }
        }

        if (tenant.Settings.Count > MaxSettings)
        {
            errors.Add(new FieldError("settings", $"has {tenant.Settings.Count} entries; at most {MaxSettings}."));
        }

        foreach (var (key, value) in tenant.Settings)
        {
            if (key == GraphBaseUrlSetting)
            {
                if (GraphBaseUrlProblem(value) is { } problem)
                {
                    errors.Add(new FieldError($"settings.{key}", problem));
                }

                continue;
            }

            var match = SettingPattern().Match(key);
            if (!match.Success || !SourceNames.Collected.Contains(match.Groups["source"].Value, StringComparer.Ordinal))
            {
                errors.Add(new FieldError($"settings.{key}", "is not a source setting; names are Sources__<source>__<Key>, e.g. Sources__github__Organization."));
            }
            else if (IsSecret(match.Groups["key"].Value) && !IsKeyVaultReference(value))
            {
                errors.Add(new FieldError($"settings.{key}", "is a secret: store it in Key Vault and give its reference, @Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<name>)."));
            }
            else if (value.Length > 2048)
            {
                errors.Add(new FieldError($"settings.{key}", "is longer than 2,048 characters."));
            }
        }

        if (tenant.Schedule is { } schedule && schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries) is var fields &&
            (fields.Length != 6 || fields.Any(f => f.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '*' or '/' or ',' or '-' or '?')))))
        {
            errors.Add(new FieldError("schedule", $"'{schedule}' is not a six-field cron expression (second minute hour day month weekday), e.g. 0 0 2 * * *."));
        }

        if (tenant.AlertWebhook is { } webhook && !IsKeyVaultReference(webhook))
        {
            errors.Add(new FieldError("alertWebhook", "is a secret (its signature is in the URL): store it in Key Vault and give its reference."));
        }

        if (!Currencies.IsKnown(tenant.Currency))
        {
            errors.Add(new FieldError("currency", $"'{tenant.Currency}' is not an ISO 4217 currency code."));
        }

        return errors;
    }
}
