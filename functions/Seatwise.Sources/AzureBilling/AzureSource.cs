using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core;
using Azure.Identity;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reporting;
using Seatwise.Core.Spend;
using Seatwise.Sources.Vendors;

namespace Seatwise.Sources.AzureBilling;

/// <summary>Settings under <c>Sources__azure__</c>.</summary>
public sealed class AzureOptions : VendorOptions
{
    public const string Section = "Sources:azure";

    public AzureOptions() => BaseUrl = "https://management.azure.com";

    /// <summary>The Azure subscription ids whose Marketplace SaaS subscriptions are read, separated by ',' or ';'.</summary>
    public string? Subscriptions { get; set; }

    /// <summary>
    /// The Cost Management scope charges are read at (<c>/providers/Microsoft.Billing/billingAccounts/{id}</c>, a
    /// billing profile, a management group); empty: each of <see cref="Subscriptions"/>.
    /// </summary>
    public string? CostScope { get; set; }

    /// <summary>How many closed months of charges each run reads (the window <c>price-drift</c> compares).</summary>
    [Range(1, 12)]
    public int CostMonths { get; set; } = 3;

    public string SaasApiVersion { get; set; } = "2026-04-01";

    public string CostApiVersion { get; set; } = "2023-03-01";

    /// <summary>
    /// The user-assigned managed identity's client id (else <c>AZURE_CLIENT_ID</c>, else the system-assigned
    /// identity); used when <see cref="VendorOptions.Token"/> is empty, which is how it runs in Azure.
    /// </summary>
    public string? IdentityClientId { get; set; }

    public IReadOnlyList<string> SubscriptionIds =>
        [.. (Subscriptions ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>
/// The <c>azure</c> source: the Azure Marketplace SaaS subscriptions of the configured Azure subscriptions
/// (<c>GET /subscriptions/{id}/providers/Microsoft.SaaS/resources</c>, paged by <c>nextLink</c>) as seats of the
/// products <c>{publisher}/{offer}/{plan}</c>, and the Marketplace charges of the last closed months from the Cost
/// Management Query API (<c>POST {scope}/providers/Microsoft.CostManagement/query</c>, one query per month, grouped
/// by publisher and product, paged by <c>nextLink</c>). 429s wait for Retry-After or Cost Management's quota headers.
/// </summary>
public sealed class AzureSource(HttpClient http, AzureOptions options, TimeProvider? time = null) : IInventorySource
{
    public const string SourceName = SourceNames.Azure;

    /// <summary>Cost Management's 429 answers say how long to wait per quota in these headers (seconds).</summary>
    public static readonly IReadOnlyList<string> CostRetryHeaders =
    [
        "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after",
        "x-ms-ratelimit-microsoft.costmanagement-entity-retry-after",
        "x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after",
    ];

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string Name => SourceName;

    public async Task<SourceResult> CollectAsync(ISnapshotWriter writer, CancellationToken cancellationToken)
    {
        var api = new VendorApi(http, options, Profile(options), _time);
        api.RequireSettings("https://management.azure.com, or your cloud's Resource Manager endpoint");
        var subscriptions = options.SubscriptionIds;
        if (subscriptions.Count == 0)
        {
            throw new SourceNotConfiguredException(SourceName, "Sources__azure__Subscriptions is not set (the Azure subscription ids to read Marketplace SaaS subscriptions from, separated by ',')");
        }

        var bought = new List<MarketplaceSubscription>();
        foreach (var subscription in subscriptions)
        {
            string? url = api.Url($"subscriptions/{Uri.EscapeDataString(subscription)}/providers/Microsoft.SaaS/resources?api-version={Uri.EscapeDataString(options.SaasApiVersion)}");
            while (url is not null)
            {
                var page = (await api.GetAsync<ResourcePage>(url, cancellationToken)).Body;
                foreach (var resource in page.Value ?? [])
                {
                    if (ToSubscription(resource) is { } saas)
                    {
                        bought.Add(saas);
                        await writer.WriteAsync(SnapshotParts.Marketplace, saas, cancellationToken);
                    }
                }

                url = string.IsNullOrEmpty(page.NextLink) ? null : page.NextLink;
            }
        }

        var seats = 0;
        var products = 0;
        foreach (var product in bought.Where(s => s.IsBilled).GroupBy(s => s.ProductKey, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var quantity = product.Sum(s => s.Quantity ?? 0);
            seats += quantity;
            products++;
            var first = product.First();
            await writer.WriteAsync(SnapshotParts.Products, new Product(SourceName, first.ProductKey, $"{first.OfferName} ({first.PlanName})", quantity, quantity), cancellationToken);
        }

        var months = ClosedMonths();
        writer.SetProperty(SnapshotParts.ChargeMonthsProperty, string.Join(",", months.Select(Months.Text)));
        var charges = 0;
        foreach (var scope in Scopes(subscriptions))
        {
            foreach (var month in months)
            {
                foreach (var charge in await ChargesAsync(api, scope, month, cancellationToken))
                {
                    charges++;
                    await writer.WriteAsync(SnapshotParts.Charges, charge, cancellationToken);
                }
            }
        }

        return new SourceResult
        {
            Source = SourceName,
            // The Marketplace knows no people: seats without accounts.
            Seats = seats,
            Products = products + charges,
            Requests = api.Requests,
            ActivityKnown = false,
            Apps = 0,
            Warnings = bought.Count == 0 ? ["no Marketplace SaaS subscriptions in the configured subscriptions"] : [],
        };
    }

    /// <summary>The last <see cref="AzureOptions.CostMonths"/> months before the current one (closed: their charges are final).</summary>
    private List<DateOnly> ClosedMonths()
    {
        var current = Months.Of(_time.GetUtcNow());
        return [.. Enumerable.Range(1, options.CostMonths).Select(k => current.AddMonths(-k)).Order()];
    }

    private IEnumerable<string> Scopes(IReadOnlyList<string> subscriptions) =>
        string.IsNullOrWhiteSpace(options.CostScope) ? subscriptions.Select(s => $"subscriptions/{s}") : [options.CostScope.Trim().Trim('/')];

    /// <summary>One month's Marketplace charges at one scope, summed per publisher, product and currency.</summary>
    private async Task<List<Charge>> ChargesAsync(VendorApi api, string scope, DateOnly month, CancellationToken cancellationToken)
    {
        var body = new
        {
            type = "ActualCost",
            timeframe = "Custom",
            timePeriod = new
            {
                from = month.ToString("yyyy-MM-dd'T00:00:00Z'", CultureInfo.InvariantCulture),
                to = month.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd'T23:59:59Z'", CultureInfo.InvariantCulture),
            },
            dataset = new
            {
                granularity = "None",
                aggregation = new Dictionary<string, object> { [CostColumn] = new { name = "Cost", function = "Sum" } },
                grouping = new[] { new { type = "Dimension", name = PublisherColumn }, new { type = "Dimension", name = ProductColumn } },
                filter = new { dimensions = new { name = "PublisherType", @operator = "In", values = new[] { "Marketplace" } } },
            },
        };
        var sums = new Dictionary<(string Publisher, string Product, string Currency), decimal>();
        string? url = api.Url($"{scope}/providers/Microsoft.CostManagement/query?api-version={Uri.EscapeDataString(options.CostApiVersion)}");
        while (url is not null)
        {
            var result = (await api.PostJsonAsync<QueryResult>(url, body, cancellationToken)).Body.Properties;
            if (result is null)
            {
                break;
            }

            var columns = (result.Columns ?? []).Select((c, i) => (c.Name, Index: i)).ToDictionary(c => c.Name ?? string.Empty, c => c.Index, StringComparer.OrdinalIgnoreCase);
            var cost = Column(columns, CostColumn, "Cost", "PreTaxCost");
            var publisher = Column(columns, PublisherColumn);
            var product = Column(columns, ProductColumn);
            var currency = Column(columns, "Currency", "BillingCurrency");
            foreach (var row in result.Rows ?? [])
            {
                var key = (Text(row, publisher), Text(row, product), Text(row, currency).ToUpperInvariant());
                sums[key] = sums.GetValueOrDefault(key) + Number(row, cost);
            }

            url = string.IsNullOrEmpty(result.NextLink) ? null : result.NextLink;
        }

        return [.. sums.Where(s => s.Value != 0).OrderBy(s => s.Key.Publisher, StringComparer.Ordinal).ThenBy(s => s.Key.Product, StringComparer.Ordinal)
            .Select(s => new Charge { Month = month, PublisherName = s.Key.Publisher, ProductName = s.Key.Product, Currency = s.Key.Currency, Cost = Math.Round(s.Value, 2, MidpointRounding.AwayFromZero) })];
    }

    private const string CostColumn = "totalCost";
    private const string PublisherColumn = "PublisherName";
    private const string ProductColumn = "ProductName";

    private static int Column(Dictionary<string, int> columns, params string[] names)
    {
        foreach (var name in names)
        {
            if (columns.TryGetValue(name, out var index))
            {
                return index;
            }
        }

        throw new SourceFailedException(SourceName, $"the Cost Management query answered without a {names[0]} column (columns: {string.Join(", ", columns.Keys)})");
    }

    private static string Text(JsonElement[] row, int index) =>
        index < row.Length && row[index].ValueKind == JsonValueKind.String ? row[index].GetString() ?? string.Empty : string.Empty;

    private static decimal Number(JsonElement[] row, int index) =>
        index < row.Length && row[index].ValueKind == JsonValueKind.Number && row[index].TryGetDecimal(out var value) ? value : 0;

    private static MarketplaceSubscription? ToSubscription(SaasResource resource)
    {
        var p = resource.Properties;
        if (resource.Id is null || p?.PublisherName is null || p.OfferName is null)
        {
            return null;
        }

        return new MarketplaceSubscription
        {
            ResourceId = resource.Id,
            Name = string.IsNullOrWhiteSpace(p.Description) ? resource.Name ?? resource.Id : p.Description,
            PublisherName = p.PublisherName,
            OfferName = p.OfferName,
            PlanName = p.PlanName ?? string.Empty,
            Quantity = p.Quantity is { } q ? (int)Math.Clamp(q, 0, int.MaxValue) : null,
            Status = p.Status ?? "Unknown",
            TermUnit = p.TermUnit,
            TermStart = p.TermStartDate,
            TermEnd = p.TermEndDate,
            AutoRenew = p.AutoRenew ?? false,
            IsFreeTrial = p.IsFreeTrial ?? false,
        };
    }

    private static VendorProfile Profile(AzureOptions options)
    {
        TokenCredential? credential = null;
        return new VendorProfile
        {
            Source = SourceName,
            Vendor = "Azure Resource Manager",
            TokenHint = "the app's managed identity needs Reader and Cost Management Reader on the subscriptions or the cost scope",
            ErrorMessage = ArmError,
            RetryAfterHeaders = CostRetryHeaders,
            TokenSource = async cancellationToken =>
            {
                credential ??= new ManagedIdentityCredential(Identity(options));
                var host = new Uri(options.BaseUrl).GetLeftPart(UriPartial.Authority);
                return (await credential.GetTokenAsync(new TokenRequestContext([$"{host}/.default"]), cancellationToken)).Token;
            },
        };
    }

    private static ManagedIdentityId Identity(AzureOptions options)
    {
        var clientId = string.IsNullOrWhiteSpace(options.IdentityClientId) ? Environment.GetEnvironmentVariable("AZURE_CLIENT_ID") : options.IdentityClientId;
        return string.IsNullOrWhiteSpace(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId);
    }

    /// <summary>ARM's error body: <c>{"error": {"code": "...", "message": "..."}}</c>.</summary>
    private static string? ArmError(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
            ? string.Join(": ", new[] { Str(error, "code"), Str(error, "message") }.Where(s => !string.IsNullOrEmpty(s)))
            : null;

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private sealed record ResourcePage
    {
        [JsonPropertyName("value")]
        public List<SaasResource>? Value { get; init; }

        [JsonPropertyName("nextLink")]
        public string? NextLink { get; init; }
    }

    private sealed record SaasResource
    {
        [JsonPropertyName("id")]
        public string? Id { get; init; }

        [JsonPropertyName("name")]
        public string? Name { get; init; }

        [JsonPropertyName("properties")]
        public SaasProperties? Properties { get; init; }
    }

    private sealed record SaasProperties
    {
        public string? Description { get; init; }

        public string? Status { get; init; }

        public long? Quantity { get; init; }

        public string? PublisherName { get; init; }

        public string? OfferName { get; init; }

        public string? PlanName { get; init; }

        public string? TermUnit { get; init; }

        public DateTimeOffset? TermStartDate { get; init; }

        public DateTimeOffset? TermEndDate { get; init; }

        public bool? AutoRenew { get; init; }

        public bool? IsFreeTrial { get; init; }
    }

    private sealed record QueryResult
    {
        [JsonPropertyName("properties")]
        public QueryProperties? Properties { get; init; }
    }

    private sealed record QueryProperties
    {
        [JsonPropertyName("nextLink")]
        public string? NextLink { get; init; }

        [JsonPropertyName("columns")]
        public List<QueryColumn>? Columns { get; init; }

        [JsonPropertyName("rows")]
        public List<JsonElement[]>? Rows { get; init; }
    }

    private sealed record QueryColumn
    {
        [JsonPropertyName("name")]
        public string? Name { get; init; }

        [JsonPropertyName("type")]
        public string? Type { get; init; }
    }
}
