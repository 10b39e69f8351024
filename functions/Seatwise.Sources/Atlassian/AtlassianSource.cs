using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
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

    /// <summary>Users per page of the v2 directory list (<c>limit</c>); the v1 fallback pages at Atlassian's fixed size.</summary>
    [Range(1, 100)]
    public int PageSize { get; set; } = 100;
}

/// <summary>
/// The <c>atlassian</c> source. It reads the organization's users from the directory-based user-management API
/// Atlassian documents now (<c>GET /admin/v2/orgs/{orgId}/directories/-/users?expand=productAccess</c>, every
/// directory, paged by <c>links.next</c>), and falls back to the older managed-accounts list
/// (<c>GET /admin/v1/orgs/{orgId}/users</c>) when the v2 API answers 404 or 410 for the organization. Every product
/// of an active account is a seat keyed by the product's key (<c>jira-software</c>, <c>confluence</c>...) and judged by
/// that product's last activity; v2's <c>addedToOrg</c> is the account's creation for a joiner's grace.
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

        var org = Uri.EscapeDataString(options.OrganizationId);
        var count = new Counts();
        var warnings = new List<string>();
        try
        {
            await ReadDirectoriesAsync(api, org, writer, count, cancellationToken);
        }
        catch (SourceFailedException ex) when (count.Accounts == 0 && ex.Status is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            // The organization is not on the directory-based user management yet (or the API moved): the v1 list
            // still serves managed accounts with their product access.
            warnings.Add($"the v2 directory users API answered {(int)ex.Status!} for this organization; users were read with the v1 managed-accounts API instead");
            count.ByProduct.Clear();
            await ReadManagedAccountsAsync(api, org, writer, count, cancellationToken);
        }

        foreach (var (key, (name, seats)) in count.ByProduct.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            await writer.WriteAsync(SnapshotParts.Products, new Product(SourceName, key, name, ConsumedUnits: seats), cancellationToken);
        }

        return new SourceResult
        {
            Source = SourceName,
            Accounts = count.Accounts,
            Seats = count.ByProduct.Values.Sum(p => p.Seats),
            Products = count.ByProduct.Count,
            Requests = api.Requests,
            Warnings = warnings,
        };
    }

    /// <summary>What a read has written so far: accounts, and seats per product with the product's name.</summary>
    private sealed class Counts
    {
        public int Accounts { get; set; }

        public Dictionary<string, (string? Name, int Seats)> ByProduct { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>v2: the users of every directory (<c>-</c>), with each product's last activity (<c>expand=productAccess</c>).</summary>
    private async Task ReadDirectoriesAsync(VendorApi api, string org, ISnapshotWriter writer, Counts count, CancellationToken cancellationToken)
    {
        var first = api.Url($"admin/v2/orgs/{org}/directories/-/users");
        var query = $"limit={options.PageSize.ToString(CultureInfo.InvariantCulture)}&expand=productAccess";
        for (var next = first + "?" + query; next is not null;)
        {
            var page = (await api.GetAsync<DirectoryUserPage>(next, cancellationToken)).Body;
            foreach (var user in page.Data ?? [])
            {
                var enabled = user.AccountStatus == "active";
                // A suspended membership has lost its product access and is not billed.
                var billable = enabled && user.MembershipStatus is null or "active";
                // One product can have several instances (two Jira sites): one seat per product, its latest use.
                var products = (user.ProductAccess ?? []).Where(p => p.Key is { Length: > 0 })
                    .GroupBy(p => p.Key!, StringComparer.Ordinal)
                    .Select(g => new ProductUse(g.Key, null, g.Max(p => p.LastActiveTimestamp)));
                await WriteAsync(writer, count, user.AccountId, user.AccountType, user.Email, user.Name, enabled, billable, user.AddedToOrg, products, cancellationToken);
            }

            next = NextPage(first, page.Links?.Next, "&" + query);
        }
    }

    /// <summary>v1: the organization's managed accounts with <c>product_access</c>.</summary>
    private async Task ReadManagedAccountsAsync(VendorApi api, string org, ISnapshotWriter writer, Counts count, CancellationToken cancellationToken)
    {
        var first = api.Url($"admin/v1/orgs/{org}/users");
        for (var next = first; next is not null;)
        {
            var page = (await api.GetAsync<UserPage>(next, cancellationToken)).Body;
            foreach (var user in page.Data ?? [])
            {
                var enabled = user.AccountStatus == "active";
                var products = (user.ProductAccess ?? []).Where(p => p.Key is { Length: > 0 }).Select(p => new ProductUse(p.Key!, p.Name, p.LastActive));
                await WriteAsync(writer, count, user.AccountId, user.AccountType, user.Email, user.Name, enabled, enabled && user.AccessBillable != false, null, products, cancellationToken);
            }

            next = NextPage(first, page.Links?.Next, string.Empty);
        }
    }

    private async Task WriteAsync(ISnapshotWriter writer, Counts count, string? accountId, string? accountType, string? email, string? name, bool enabled, bool billable,
        DateTimeOffset? addedToOrg, IEnumerable<ProductUse> products, CancellationToken cancellationToken)
    {
        // App accounts and service-desk customers are not licensed people.
        if (accountId is null || accountType != "atlassian" || string.IsNullOrWhiteSpace(email))
        {
            return;
        }

        var held = new List<SeatAssignment>();
        if (billable)
        {
            foreach (var product in products)
            {
                held.Add(new SeatAssignment(product.Key, LastActiveAt: product.LastActive));
                var was = count.ByProduct.GetValueOrDefault(product.Key);
                count.ByProduct[product.Key] = (was.Name ?? product.Name ?? product.Key, was.Seats + 1);
            }
        }

        count.Accounts++;
        await writer.WriteAsync(SnapshotParts.Seats, new AccountSeats(new Account
        {
            Source = SourceName,
            AccountId = accountId,
            IdentityKey = identityKeys.Normalize(email),
            DisplayName = name ?? email,
            Enabled = enabled,
            CreatedAt = addedToOrg,
            // Activity is per product (on each seat); a product never opened has no last activity and is inactive.
            LastActiveAt = null,
        }, held), cancellationToken);
    }

    private readonly record struct ProductUse(string Key, string? Name, DateTimeOffset? LastActive);

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

    /// <summary>
    /// <c>links.next</c> is a URL in some answers and a bare cursor in others; both mean the same page. A bare cursor
    /// gets the first page's other parameters (<paramref name="query"/>) after it.
    /// </summary>
    private static string? NextPage(string first, string? next, string query) =>
        string.IsNullOrEmpty(next) ? null
        : Uri.TryCreate(next, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? next
        : first + "?cursor=" + Uri.EscapeDataString(next) + query;

    private sealed record DirectoryUserPage
    {
        [JsonPropertyName("data")]
        public List<DirectoryUser>? Data { get; init; }

        [JsonPropertyName("links")]
        public PageLinks? Links { get; init; }
    }

    private sealed record DirectoryUser
    {
        [JsonPropertyName("accountId")]
        public string? AccountId { get; init; }

        [JsonPropertyName("accountType")]
        public string? AccountType { get; init; }

        [JsonPropertyName("accountStatus")]
        public string? AccountStatus { get; init; }

        [JsonPropertyName("membershipStatus")]
        public string? MembershipStatus { get; init; }

        [JsonPropertyName("addedToOrg")]
        public DateTimeOffset? AddedToOrg { get; init; }

        [JsonPropertyName("name")]
        public string? Name { get; init; }

        [JsonPropertyName("email")]
        public string? Email { get; init; }

        [JsonPropertyName("productAccess")]
        public List<DirectoryProductAccess>? ProductAccess { get; init; }
    }

    private sealed record DirectoryProductAccess(
        [property: JsonPropertyName("key")] string? Key,
        [property: JsonPropertyName("id")] string? Id,
        [property: JsonPropertyName("lastActiveTimestamp")] DateTimeOffset? LastActiveTimestamp);

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
