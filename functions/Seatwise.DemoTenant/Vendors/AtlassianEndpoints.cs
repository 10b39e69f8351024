using System.Globalization;

namespace Seatwise.DemoTenant.Vendors;

/// <summary>
/// Atlassian's organization users (<c>GET /admin/v1/orgs/{orgId}/users</c>) for the demo tenant's people, with the
/// Organizations API shapes: <c>data</c>, <c>links.next</c> (a URL carrying the next <c>cursor</c>), 50 users a page,
/// <c>product_access</c> with a <c>last_active</c> per product, 429 with Retry-After. Three in five people have an
/// account; everyone with an account uses Jira, four in five Confluence (some never opened it); most leavers were
/// deactivated, some were not; an app account and a service-desk customer are in the list.
/// </summary>
public static class AtlassianEndpoints
{
    public const string Token = "demo-atlassian-key";
    public const string BasePath = "/atlassian";
    public const string OrganizationId = "0d6a1b2c-demo-4e5f-8a9b-contoso00001";
    private const string Vendor = "atlassian";
    private const int PageSize = 50;

    public sealed record ProductUse(string Key, string Name, DateTimeOffset? LastActive);

    /// <param name="AddedToOrg">When the person was first added to the organization's directory (v2's <c>addedToOrg</c>).</param>
    public sealed record AtlassianUser(string AccountId, string AccountType, string Status, string Name, string Email, bool Billable, IReadOnlyList<ProductUse> Products,
        DateTimeOffset? AddedToOrg = null);

    public static void MapAtlassian(this IEndpointRouteBuilder app, DemoTenantState state)
    {
        app.MapGet(BasePath + "/admin/v1/orgs/{orgId}/users", (HttpContext http, string orgId) => UsersAsync(http, state, orgId));
        app.MapGet(BasePath + "/admin/v2/orgs/{orgId}/directories/{directoryId}/users", (HttpContext http, string orgId, string directoryId) => DirectoryUsersAsync(http, state, orgId, directoryId));
    }

    public static IEnumerable<AtlassianUser> Users(DemoTenantState state)
    {
        foreach (var (index, user, random) in VendorDemo.People(state, 0xA71A, 60))
        {
            var r = random;
            var status = user.AccountEnabled || r.Percent(35) ? "active" : "inactive";
            var products = new List<ProductUse> { new("jira-software", "Jira", VendorDemo.LastActive(state, user, ref r, 5)) };
            if (r.Percent(80))
            {
                products.Add(new ProductUse("confluence", "Confluence", VendorDemo.LastActive(state, user, ref r, 25)));
            }

            yield return new AtlassianUser($"5b10ac8d82e05b22cc7d{index:x8}", "atlassian", status, user.DisplayName, VendorDemo.Email(user), status == "active", products,
                user.CreatedDateTime.AddDays(1));
        }

        var reference = state.Generator.ReferenceTime;
        yield return new AtlassianUser("557058:automation-for-jira", "app", "active", "Automation for Jira", "noreply@connect.atlassian.com", false, []);
        yield return new AtlassianUser("qm:customer-0001", "customer", "active", "Portal Customer", "customer@fabrikam.example", false, []);
        yield return new AtlassianUser("5b10ac8d82e05b22cc7dext00001", "atlassian", "active", "Freelance Developer", "dev@freelance.example", true,
            [new ProductUse("jira-software", "Jira", reference.AddDays(-12))]);
    }

    /// <summary>
    /// The directory-based v2 list: camelCase fields, <c>membershipStatus</c>, <c>addedToOrg</c>, <c>productAccess</c>
    /// (only with <c>expand=productAccess</c>) with a <c>lastActiveTimestamp</c> per product instance, and a bare
    /// cursor in <c>links.next</c>. With <see cref="DemoTenantOptions.AtlassianDirectoryApi"/> off it answers 404, as
    /// for an organization not on the directory-based user management.
    /// </summary>
    private static async Task DirectoryUsersAsync(HttpContext http, DemoTenantState state, string orgId, string directoryId)
    {
        if (!await GateAsync(http, state, "directory-users"))
        {
            return;
        }

        if (orgId != OrganizationId || directoryId != "-" || !state.Options.AtlassianDirectoryApi)
        {
            await ErrorAsync(http, 404, "Not Found", $"Organization {orgId} or directory {directoryId} was not found.");
            return;
        }

        var query = http.Request.Query;
        if (VendorDemo.Offset(query["cursor"]) is not { } offset)
        {
            await ErrorAsync(http, 400, "Bad Request", "The cursor is invalid.");
            return;
        }

        var expand = query["expand"].ToString().Contains("productAccess", StringComparison.Ordinal);
        var size = VendorDemo.Size(http, "limit", PageSize, 100);
        var all = state.VendorList("atlassian/users", () => Users(state));
        var page = all.Skip(offset).Take(size).ToList();
        var reference = state.Generator.ReferenceTime;
        await http.Response.WriteAsJsonAsync(new
        {
            data = page.Select(u => new
            {
                accountId = u.AccountId,
                accountType = u.AccountType,
                accountStatus = u.Status,
                // Deactivated people keep no product access; the v1 list calls that not billable.
                membershipStatus = u.Billable || u.AccountType != "atlassian" ? "active" : "suspended",
                addedToOrg = VendorDemo.Iso(u.AddedToOrg ?? reference.AddDays(-800)),
                name = u.Name,
                email = u.Email,
                emailVerified = true,
                claimStatus = u.Email.EndsWith("@" + Generation.TenantGenerator.Domain, StringComparison.OrdinalIgnoreCase) ? "managed" : "unmanaged",
                productAccess = expand
                    ? u.Products.Select(p => new
                    {
                        key = p.Key,
                        id = $"ari:cloud:{p.Key}::site/contoso-demo",
                        lastActiveTimestamp = p.LastActive is { } at ? VendorDemo.Iso(at) : null,
                    })
                    : null,
            }),
            links = new { self = (string?)null, next = offset + page.Count < all.Count ? VendorDemo.PageToken(offset + page.Count) : null },
        }, http.RequestAborted);
    }

    private static async Task<bool> GateAsync(HttpContext http, DemoTenantState state, string route)
    {
        switch (await VendorDemo.GateAsync(http, state, Vendor, route, Token))
        {
            case VendorFault.Unauthorized:
                await ErrorAsync(http, 401, "Unauthorized", "The API key is invalid or has expired.");
                return false;
            case VendorFault.Throttled or VendorFault.QuotaExhausted:
                http.Response.Headers.RetryAfter = VendorDemo.RetryAfterSeconds(state, Vendor).ToString(CultureInfo.InvariantCulture);
                await ErrorAsync(http, 429, "Too Many Requests", "Rate limit exceeded.");
                return false;
            case VendorFault.Unavailable:
                await ErrorAsync(http, 503, "Service Unavailable", "The service is temporarily unavailable.");
                return false;
            default:
                return true;
        }
    }

    private static async Task UsersAsync(HttpContext http, DemoTenantState state, string orgId)
    {
        if (!await GateAsync(http, state, "users"))
        {
            return;
        }

        if (orgId != OrganizationId)
        {
            await ErrorAsync(http, 404, "Not Found", $"Organization {orgId} was not found or the API key does not belong to it.");
            return;
        }

        if (VendorDemo.Offset(http.Request.Query["cursor"]) is not { } offset)
        {
            await ErrorAsync(http, 400, "Bad Request", "The cursor is invalid.");
            return;
        }

        var all = state.VendorList("atlassian/users", () => Users(state));
        var page = all.Skip(offset).Take(PageSize).ToList();
        var request = http.Request;
        var self = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}";
        string? next = offset + page.Count < all.Count ? self + "?cursor=" + VendorDemo.PageToken(offset + page.Count) : null;
        await http.Response.WriteAsJsonAsync(new
        {
            data = page.Select(u => new
            {
                account_id = u.AccountId,
                account_type = u.AccountType,
                account_status = u.Status,
                name = u.Name,
                picture = "https://avatar-management.services.atlassian.com/default/48",
                email = u.Email,
                access_billable = u.Billable,
                last_active = u.Products.Select(p => p.LastActive).Max() is { } last ? VendorDemo.Iso(last) : null,
                product_access = u.Products.Select(p => new
                {
                    key = p.Key,
                    name = p.Name,
                    url = $"contoso-demo.atlassian.net/{(p.Key == "confluence" ? "wiki" : string.Empty)}",
                    last_active = p.LastActive is { } at ? VendorDemo.Iso(at) : null,
                }),
                links = new { self = $"https://api.atlassian.com/users/{u.AccountId}/manage/profile" },
            }),
            links = new { self, prev = (string?)null, next },
        }, http.RequestAborted);
    }

    private static Task ErrorAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new { errors = new[] { new { status = status.ToString(CultureInfo.InvariantCulture), title, detail } } }, http.RequestAborted);
    }
}
