using System.Globalization;
using System.Text.Json;
using Seatwise.DemoTenant.Vendors;

namespace Seatwise.DemoTenant.Azure;

/// <summary>
/// Azure Resource Manager for the demo tenant's Azure subscription, with ARM's shapes: the Marketplace SaaS
/// subscriptions (<c>GET /subscriptions/{id}/providers/Microsoft.SaaS/resources</c>, two per page, <c>nextLink</c>)
/// and the Cost Management Query API (<c>POST {scope}/providers/Microsoft.CostManagement/query</c>: columns and
/// rows, two rows per page, <c>nextLink</c> with a <c>$skiptoken</c>). 429s carry Retry-After on ARM and Cost
/// Management's per-quota retry header on queries; errors are ARM's <c>{"error": {"code", "message"}}</c>.
/// </summary>
public static class AzureEndpoints
{
    public const string Token = "demo-azure-token";
    public const string BasePath = "/azure";
    public const string SubscriptionId = "5f1c0a39-0d3e-4c6e-9d4b-000000000001";
    public const string Vendor = "azure";
    private const int PageSize = 2;

    /// <summary>A Marketplace SaaS subscription of the demo, and what Azure bills for it a month (0: nothing).</summary>
    public sealed record Saas(string Name, string Publisher, string Offer, string Plan, int? Quantity, string Status, bool FreeTrial, string Product, decimal MonthlyBill);

    /// <summary>
    /// Contoso Analytics is billed 22 EUR a seat where the register says 20 (price drift), Northwind e-Sign as
    /// contracted, Fabrikam Backup has no contract (uncontracted spend); a cancelled and a trial subscription bill nothing.
    /// </summary>
    public static readonly IReadOnlyList<Saas> Subscriptions =
    [
        new("contoso-analytics", "Contoso Software Ltd", "Contoso Analytics", "Business", 50, "Subscribed", false, "Contoso Analytics - Business", 50 * 22.00m),
        new("northwind-esign", "Northwind Traders", "Northwind e-Sign", "Team", 25, "Subscribed", false, "Northwind e-Sign - Team", 25 * 12.50m),
        new("fabrikam-backup", "Fabrikam Inc", "Fabrikam Cloud Backup", "Standard", null, "Subscribed", false, "Fabrikam Cloud Backup - Standard", 1_450.00m),
        new("litware-survey", "Litware Inc", "Litware Survey", "Pro", 10, "Unsubscribed", false, "Litware Survey - Pro", 0),
        new("adatum-notes", "Adatum Corporation", "Adatum Notes", "Trial", 5, "Subscribed", true, "Adatum Notes - Trial", 0),
    ];

    public static void MapAzure(this IEndpointRouteBuilder app, DemoTenantState state)
    {
        app.MapGet(BasePath + "/subscriptions/{subscription}/providers/Microsoft.SaaS/resources", (HttpContext http, string subscription) => ResourcesAsync(http, state, subscription));
        app.MapPost(BasePath + "/subscriptions/{subscription}/providers/Microsoft.CostManagement/query", (HttpContext http, string subscription) => QueryAsync(http, state, subscription));
    }

    private static async Task ResourcesAsync(HttpContext http, DemoTenantState state, string subscription)
    {
        if (await GateAsync(http, state, "saas", costManagement: false))
        {
            return;
        }

        if (!string.Equals(subscription, SubscriptionId, StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(http, 404, "SubscriptionNotFound", $"The subscription '{subscription}' could not be found.");
            return;
        }

        if (VendorDemo.Offset(http.Request.Query["$skiptoken"]) is not { } offset)
        {
            await ErrorAsync(http, 400, "InvalidSkipToken", "The skip token is not valid.");
            return;
        }

        var page = Subscriptions.Skip(offset).Take(PageSize).ToList();
        var next = offset + page.Count < Subscriptions.Count ? NextLink(http, offset + page.Count) : null;
        var reference = state.Generator.ReferenceTime;
        await http.Response.WriteAsJsonAsync(new
        {
            value = page.Select(s => new
            {
                id = $"/subscriptions/{SubscriptionId}/resourceGroups/saas-rg/providers/Microsoft.SaaS/resources/{s.Name}",
                name = s.Name,
                type = "Microsoft.SaaS/resources",
                location = "global",
                tags = new { },
                properties = new
                {
                    subscriptionId = $"{s.Name}-0000",
                    description = s.Offer,
                    status = s.Status,
                    statusReason = "None",
                    quantity = s.Quantity,
                    publisherName = s.Publisher,
                    offerName = s.Offer,
                    planName = s.Plan,
                    termUnit = "P1M",
                    billingPeriod = "P1M",
                    termStartDate = VendorDemo.Iso(Month(reference)),
                    termEndDate = VendorDemo.Iso(Month(reference).AddMonths(1)),
                    autoRenew = s.Status == "Subscribed",
                    isFreeTrial = s.FreeTrial,
                    storeFront = "AzurePortal",
                },
            }),
            nextLink = next,
        }, http.RequestAborted);
    }

    /// <summary>
    /// The month's Marketplace charges as the query asks for them (ActualCost, one month, PublisherType Marketplace,
    /// grouped by PublisherName and ProductName): one row per subscription that bills, in EUR.
    /// </summary>
    private static async Task QueryAsync(HttpContext http, DemoTenantState state, string subscription)
    {
        if (await GateAsync(http, state, "query", costManagement: true))
        {
            return;
        }

        if (!string.Equals(subscription, SubscriptionId, StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(http, 404, "NotFound", $"Scope '/subscriptions/{subscription}' was not found.");
            return;
        }

        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            await ErrorAsync(http, 400, "BadRequest", "The request body is not valid JSON.");
            return;
        }

        if (!body.TryGetProperty("dataset", out var dataset) || !dataset.TryGetProperty("aggregation", out var aggregation) ||
            aggregation.EnumerateObject().FirstOrDefault() is not { Name: { Length: > 0 } alias } ||
            !body.TryGetProperty("timePeriod", out var period) || !period.TryGetProperty("from", out var from) ||
            !DateTimeOffset.TryParse(from.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start))
        {
            await ErrorAsync(http, 400, "BadRequest", "Invalid query definition: dataset.aggregation and timePeriod.from are required.");
            return;
        }

        if (VendorDemo.Offset(http.Request.Query["$skiptoken"]) is not { } offset)
        {
            await ErrorAsync(http, 400, "BadRequest", "The skip token is not valid.");
            return;
        }

        // Nothing is billed before the subscriptions started, a year before the demo's reference time.
        var billing = start >= state.Generator.ReferenceTime.AddYears(-1)
            ? Subscriptions.Where(s => s.MonthlyBill > 0).ToList()
            : [];
        var page = billing.Skip(offset).Take(PageSize).ToList();
        var next = offset + page.Count < billing.Count ? NextLink(http, offset + page.Count) : null;
        await http.Response.WriteAsJsonAsync(new
        {
            id = $"subscriptions/{SubscriptionId}/providers/Microsoft.CostManagement/query/{Guid.NewGuid()}",
            name = "seatwise-demo",
            type = "Microsoft.CostManagement/query",
            properties = new
            {
                nextLink = next,
                columns = new object[]
                {
                    new { name = alias, type = "Number" },
                    new { name = "PublisherName", type = "String" },
                    new { name = "ProductName", type = "String" },
                    new { name = "Currency", type = "String" },
                },
                rows = page.Select(s => new object[] { s.MonthlyBill, s.Publisher, s.Product, "EUR" }),
            },
        }, http.RequestAborted);
    }

    private static async Task<bool> GateAsync(HttpContext http, DemoTenantState state, string route, bool costManagement)
    {
        switch (await VendorDemo.GateAsync(http, state, Vendor, route, Token))
        {
            case VendorFault.Unauthorized:
                await ErrorAsync(http, 401, "InvalidAuthenticationToken", "The access token is invalid.");
                return true;
            case VendorFault.Throttled or VendorFault.QuotaExhausted:
                var wait = VendorDemo.RetryAfterSeconds(state, Vendor).ToString(CultureInfo.InvariantCulture);
                if (costManagement)
                {
                    http.Response.Headers["x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after"] = wait;
                }
                else
                {
                    http.Response.Headers.RetryAfter = wait;
                }

                await ErrorAsync(http, 429, "TooManyRequests", "Too many requests. Please retry.");
                return true;
            case VendorFault.Unavailable:
                await ErrorAsync(http, 503, "ServiceUnavailable", "The service is temporarily unavailable.");
                return true;
            default:
                return false;
        }
    }

    private static string NextLink(HttpContext http, int offset)
    {
        var request = http.Request;
        var query = string.Join("&", request.Query.Where(q => q.Key != "$skiptoken").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}"));
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{query}&$skiptoken={VendorDemo.PageToken(offset)}";
    }

    private static DateTimeOffset Month(DateTimeOffset instant) => new(instant.Year, instant.Month, 1, 0, 0, 0, TimeSpan.Zero);

    private static Task ErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new { error = new { code, message } }, http.RequestAborted);
    }
}
