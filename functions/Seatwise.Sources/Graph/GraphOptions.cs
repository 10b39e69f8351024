using System.ComponentModel.DataAnnotations;

namespace Seatwise.Sources.Graph;

public enum GraphAuthentication
{
    /// <summary>The app's managed identity (Azure).</summary>
    ManagedIdentity,

    /// <summary>An app registration's client secret (a local run against a real tenant).</summary>
    ClientSecret,

    /// <summary>No token (the demo tenant).</summary>
    None,

    /// <summary>
    /// A multi-tenant app registration (<c>Graph__AppClientId</c>) that trusts the app's managed identity through a
    /// federated credential: a token for another organization's tenant without any secret (registry tenants).
    /// </summary>
    FederatedIdentity,
}

/// <summary>Settings under <c>Graph__</c>.</summary>
public sealed class GraphOptions : IValidatableObject
{
    public const string Section = "Graph";

    [Required]
    [Url]
    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    public GraphAuthentication Authentication { get; set; } = GraphAuthentication.ManagedIdentity;

    public string? TenantId { get; set; }

    /// <summary>ClientSecret: the app registration; ManagedIdentity: the user-assigned identity (else AZURE_CLIENT_ID).</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>
    /// The multi-tenant app registration consented in each registry tenant (FederatedIdentity, or ClientSecret with
    /// <see cref="ClientSecret"/> for a local run). Not used for the default tenant.
    /// </summary>
    public string? AppClientId { get; set; }

    /// <summary>How registry tenants get their Graph token; the default tenant uses <see cref="Authentication"/>.</summary>
    public GraphAuthentication TenantAuthentication { get; set; } = GraphAuthentication.FederatedIdentity;

    /// <summary>
    /// Set per registry tenant, never in app settings: where its admin gives (or gives again) consent, named in the
    /// reason of a run that Graph refused.
    /// </summary>
    public string? ConsentUrl { get; set; }

    /// <summary>Retries of a throttled or unavailable request (429/503/504), honouring Retry-After. At most 10.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Seconds to wait before a retry when the answer has no Retry-After.</summary>
    [Range(0, 180)]
    public double RetryDelaySeconds { get; set; } = 3;

    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 100;

    /// <summary>Also read /directory/subscriptions (next lifecycle dates shown beside renewals).</summary>
    public bool IncludeSubscriptions { get; set; } = true;

    /// <summary>
    /// Read the Microsoft 365 usage reports (active users per workload, Copilot usage; needs Reports.Read.All) to
    /// judge Microsoft seats by use, not sign-in alone. On by default; without the permission the part is skipped.
    /// </summary>
    public bool UsageReports { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Authentication == GraphAuthentication.FederatedIdentity && (string.IsNullOrWhiteSpace(TenantId) || string.IsNullOrWhiteSpace(AppClientId)))
        {
            yield return new ValidationResult("Graph__Authentication=FederatedIdentity needs Graph__TenantId and Graph__AppClientId.", [nameof(TenantId), nameof(AppClientId)]);
        }

        if (Authentication == GraphAuthentication.ClientSecret &&
            (string.IsNullOrWhiteSpace(TenantId) || string.IsNullOrWhiteSpace(ClientId) || string.IsNullOrWhiteSpace(ClientSecret)))
        {
            yield return new ValidationResult("Graph__Authentication=ClientSecret needs Graph__TenantId, Graph__ClientId and Graph__ClientSecret.",
                [nameof(TenantId), nameof(ClientId), nameof(ClientSecret)]);
        }
    }

    /// <summary>Where an admin of <paramref name="entraTenantId"/> consents to the multi-tenant app (Microsoft identity platform's admin consent endpoint).</summary>
    public static string AdminConsentUrl(string entraTenantId, string appClientId) =>
        $"https://login.microsoftonline.com/{Uri.EscapeDataString(entraTenantId)}/adminconsent?client_id={Uri.EscapeDataString(appClientId)}";
}
