using System.Text.Json;
using System.Text.Json.Serialization;
using Seatwise.Core.Inventory;
using Seatwise.Sources.Vendors;

namespace Seatwise.Sources.Atlassian;

/// <summary>Settings under <c>Sources__atlassian__</c>.</summary>
public sealed class AtlassianOptions : VendorOptions
{
    public const string Section = "Sources:atlassian";

    public AtlassianOptions() => BaseUrl = "https://api.atlassian.com";

    /// <summary>The organization id from admin.atlassian.com (also shown when the API key is created).</summary>
    public string? OrganizationId { get; set; }
}

/// <summary>
/// The <c>atlassian</c> source: <c>GET /admin/v1/orgs/{orgId}/users</c>, paged by <c>links.next</c>. Every product in
/// a billable, active managed account's <c>product_access</c> is a seat whose product key is the product's key
/// (<c>jira-software</c>, <c>confluence</c>...) and whose activity is that product's <c>last_active</c>.
/// </summary>
public sealed class AtlassianSource(HttpClient http, AtlassianOptions options, IdentityKeys identityKeys) : IInventorySource
{
    public const string SourceName = SourceNames.Atlassian;

    public static readonly VendorProfile Profile = new()
    {
        Source = SourceName,
        Vendor = "Atlassian",
        TokenHint = "an organization API key (admin.atlassian.com, Settings, API keys) used as Bearer token; the organization needs a verified domain",
        ErrorMessage = ErrorText,
    };

    public string Name => SourceName;

    public async Task<SourceResult> CollectAsync(ISnapshotWriter writer, CancellationToken cancellationToken)
    {
        var api = new VendorApi(http, options, Profile);
        api.RequireSettings();
        if (string.IsNullOrWhiteSpace(options.OrganizationId))
        {
            throw new SourceNotConfiguredException(SourceName, "Sources__atlassian__OrganizationId is not set (the id in the admin.atlassian.com address, /o/<id>/)");
        }

        var first = api.Url($"admin/v1/orgs/{Uri.EscapeDataString(options.OrganizationId)}/users");
        var accounts = 0;
        var byProduct = new Dictionary<string, (string? Name, int Seats)>(StringComparer.Ordinal);
        for (var next = first; next is not null;)
        {
            var page = (await api.GetAsync<UserPage>(next, cancellationToken)).Body;
            foreach (var user in page.Data ?? [])
            {
                // App accounts and service-desk customers are not licensed people.
                if (user.AccountId is null || user.AccountType != "atlassian" || string.IsNullOrWhiteSpace(user.Email))
                {
                    continue;
                }

                var enabled = user.AccountStatus == "active";
                var held = new List<SeatAssignment>();
                if (enabled && user.AccessBillable != false)
                {
                    foreach (var product in user.ProductAccess ?? [])
                    {
                        if (product.Key is { Length: > 0 } key)
                        {
                            held.Add(new SeatAssignment(key, LastActiveAt: product.LastActive));
                            byProduct[key] = (product.Name, byProduct.GetValueOrDefault(key).Seats + 1);
                        }
                    }
                }

                accounts++;
                await writer.WriteAsync(SnapshotParts.Seats, new AccountSeats(new Account
                {
                    Source = SourceName,
                    AccountId = user.AccountId,
                    IdentityKey = identityKeys.Normalize(user.Email),
                    DisplayName = user.Name ?? user.Email,
                    Enabled = enabled,
                    // Activity is per product (on each seat); a product never opened has no last_active and is inactive.
                    LastActiveAt = null,
                }, held), cancellationToken);
            }

            next = NextPage(first, page.Links?.Next);
        }

        foreach (var (key, (name, seats)) in byProduct.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            await writer.WriteAsync(SnapshotParts.Products, new Product(SourceName, key, name, ConsumedUnits: seats), cancellationToken);
        }

        return new SourceResult
        {
            Source = SourceName,
            Accounts = accounts,
            Seats = byProduct.Values.Sum(p => p.Seats),
            Products = byProduct.Count,
            Requests = api.Requests,
        };
    }

    /// <summary>Atlassian errors are <c>{"errors": [{"title", "detail"}]}</c> (older endpoints: <c>{"code", "message"}</c>).</summary>
    private static string? ErrorText(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (body.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            return string.Join("; ", errors.EnumerateArray().Select(e => string.Join(": ",
                new[] { Text(e, "title"), Text(e, "detail") }.Where(t => !string.IsNullOrEmpty(t)))));
        }

        return Text(body, "message");
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary><c>links.next</c> is a URL in some answers and a bare cursor in others; both mean the same page.</summary>
    private static string? NextPage(string first, string? next) =>
        string.IsNullOrEmpty(next) ? null
        : Uri.TryCreate(next, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? next
        : first + "?cursor=" + Uri.EscapeDataString(next);

    private sealed record UserPage
    {
        [JsonPropertyName("data")]
        public List<AtlassianUser>? Data { get; init; }

        [JsonPropertyName("links")]
        public PageLinks? Links { get; init; }
    }

    private sealed record PageLinks([property: JsonPropertyName("next")] string? Next);

    private sealed record AtlassianUser
    {
        [JsonPropertyName("account_id")]
        public string? AccountId { get; init; }

        [JsonPropertyName("account_type")]
        public string? AccountType { get; init; }

        [JsonPropertyName("account_status")]
        public string? AccountStatus { get; init; }

        [JsonPropertyName("name")]
        public string? Name { get; init; }

        [JsonPropertyName("email")]
        public string? Email { get; init; }

        [JsonPropertyName("access_billable")]
        public bool? AccessBillable { get; init; }

        [JsonPropertyName("last_active")]
        public DateTimeOffset? LastActive { get; init; }

        [JsonPropertyName("product_access")]
        public List<ProductAccess>? ProductAccess { get; init; }
    }

    private sealed record ProductAccess(
        [property: JsonPropertyName("key")] string? Key,
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("last_active")] DateTimeOffset? LastActive);
}
