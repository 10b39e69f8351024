using System.ComponentModel.DataAnnotations;

namespace Seatwise.Workflows.Alerts;

/// <summary>Settings under <c>Alerts__</c>.</summary>
public sealed class AlertSettings
{
    public const string Section = "Alerts";

    /// <summary>
    /// The Teams Workflows webhook URL. A secret: never logged, in Azure a Key Vault reference. An unresolved
    /// reference (the app setting still reads <c>@Microsoft.KeyVault(...)</c>) counts as not configured.
    /// </summary>
    public string? TeamsWebhookUrl { get; set; }

    [Range(0, 1_000_000_000)]
    public decimal MinAnnualCost { get; set; }

    /// <summary>Where the card's button points (the dashboard or the API).</summary>
    public string? DashboardUrl { get; set; }

    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Attempts per delivery, the first included; 429 and 5xx are retried with back-off.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    [Range(0, 600)]
    public int RetryDelaySeconds { get; set; } = 2;

    /// <summary>The longest Retry-After honoured; a longer one gives up and leaves the findings for the next run.</summary>
    [Range(0, 3600)]
    public int MaxRetryAfterSeconds { get; set; } = 120;

    public Uri? WebhookUri => Webhook(TeamsWebhookUrl);

    /// <summary>A webhook URL Seatwise posts to (the app setting's, or a registry tenant's from Key Vault); null when it is none, or an unresolved Key Vault reference.</summary>
    public static Uri? Webhook(string? url) =>
        !string.IsNullOrWhiteSpace(url) && !url.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) &&
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri
            : null;
}

/// <summary>Settings under <c>Events__</c>: the optional Service Bus topic for integration events.</summary>
public sealed class EventSettings
{
    public const string Section = "Events";

    /// <summary>Fully qualified namespace (<c>contoso-seatwise.servicebus.windows.net</c>); empty sends nothing.</summary>
    public string? ServiceBusNamespace { get; set; }

    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,259}$", ErrorMessage = "Events__Topic must be a Service Bus topic name.")]
    public string Topic { get; set; } = "seatwise-events";

    /// <summary>The managed identity's client id for a user-assigned identity; empty uses the default credential chain.</summary>
    public string? ClientId { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(ServiceBusNamespace);
}
