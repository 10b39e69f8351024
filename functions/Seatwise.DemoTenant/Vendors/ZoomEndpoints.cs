using System.Globalization;
using Seatwise.DemoTenant.Generation;

namespace Seatwise.DemoTenant.Vendors;

/// <summary>
/// Zoom's <c>GET /v2/users</c> for the demo tenant's people, with Zoom's shapes: <c>page_size</c> (max 300),
/// opaque <c>next_page_token</c>, Bearer token, 429 with Retry-After, Zoom error bodies. About one person in three
/// is Licensed (type 2); leavers disabled in Entra keep an active Zoom account; two accounts exist only at Zoom;
/// some emails differ in case.
/// </summary>
public static class ZoomEndpoints
{
    public const string Token = "demo-zoom-token";
    public const string BasePath = "/zoom/v2";
    public const string TokenPath = "/zoom/oauth/token";
    public const string ClientId = "demo-zoom-client";
    public const string ClientSecret = "demo-zoom-secret";
    public const string AccountId = "demo-zoom-account";

    public static void MapZoom(this IEndpointRouteBuilder app, DemoTenantState state)
    {
        app.MapGet(BasePath + "/users", (HttpContext http) => UsersAsync(http, state));
        app.MapPost(TokenPath, (HttpContext http) => TokenAsync(http, state));
    }

    /// <summary>Server-to-Server OAuth: <c>grant_type=account_credentials</c>, the account id, client id and secret as Basic.</summary>
    private static async Task TokenAsync(HttpContext http, DemoTenantState state)
    {
        state.NextVendorRequest("zoom", "oauth");
        var basic = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
        var query = http.Request.Query;
        if (query["grant_type"] != "account_credentials" || query["account_id"] != AccountId || http.Request.Headers.Authorization != basic)
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsJsonAsync(new { reason = "Invalid client_id or client_secret", error = "invalid_client" }, http.RequestAborted);
            return;
        }

        await http.Response.WriteAsJsonAsync(new { access_token = Token, token_type = "bearer", expires_in = 3599, scope = "user:read:list_users:admin", api_url = "https://api.zoom.us" }, http.RequestAborted);
    }

    /// <summary>
    /// Every Zoom user of the tenant, in order: the people first, then the Zoom-only accounts. <c>Created</c> is what
    /// Zoom serves as <c>user_created_at</c>; <c>LoginTypeChanged</c> is its <c>created_at</c> (the latest login-type
    /// change), two days ago for every seventh person (moved to SSO), else the creation.
    /// </summary>
    public static IEnumerable<(string Id, string Email, string Name, int Type, DateTimeOffset? LastLogin, DateTimeOffset Created, DateTimeOffset LoginTypeChanged)> Users(DemoTenantState state)
    {
        var reference = state.Generator.ReferenceTime;
        for (var i = 0; i < state.Options.Users; i++)
        {
            if (state.User(i) is not { } user || user.UserType == "Guest")
            {
                continue;
            }

            var random = new DemoRandom(((ulong)state.Options.Seed << 20) ^ (ulong)i ^ 0x200A);
            var email = VendorDemo.Email(user);
            var type = random.Below(3) == 0 ? 2 : 1;
            DateTimeOffset? last = random.Below(5) == 0 ? null : reference.AddDays(-random.Below(user.AccountEnabled ? 200 : 400));
            var created = user.CreatedDateTime.AddDays(3);
            yield return ($"z{i:x8}", email, user.DisplayName, type, last, created, i % 7 == 2 ? Max(created, reference.AddDays(-2)) : created);
        }

        yield return ("zext0001", "events@partner-agency.example", "Partner Agency Events", 2, reference.AddDays(-20), reference.AddDays(-700), reference.AddDays(-700));
        yield return ("zext0002", "webinars@contoso-old.example", "Old Webinar Account", 2, reference.AddDays(-500), reference.AddDays(-1500), reference.AddDays(-1500));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static async Task UsersAsync(HttpContext http, DemoTenantState state)
    {
        switch (await VendorDemo.GateAsync(http, state, "zoom", "users", Token))
        {
            case VendorFault.Unauthorized:
                await ErrorAsync(http, 401, 124, "Invalid access token.");
                return;
            case VendorFault.Throttled:
                http.Response.Headers.RetryAfter = VendorDemo.RetryAfterSeconds(state, "zoom").ToString(CultureInfo.InvariantCulture);
                await ErrorAsync(http, 429, 429, "You have reached the maximum per-second rate limit for this API. Try again later.");
                return;
            case VendorFault.Unavailable or VendorFault.QuotaExhausted:
                await ErrorAsync(http, 503, 503, "Service unavailable.");
                return;
        }

        var query = http.Request.Query;
        var size = VendorDemo.Size(http, "page_size", 30, 300);
        if (VendorDemo.Offset(query["next_page_token"]) is not { } offset)
        {
            await ErrorAsync(http, 400, 300, "The next page token is invalid or expired.");
            return;
        }

        var status = query["status"].FirstOrDefault() ?? "active";
        IReadOnlyList<(string Id, string Email, string Name, int Type, DateTimeOffset? LastLogin, DateTimeOffset Created, DateTimeOffset LoginTypeChanged)> all = status == "active" ? state.VendorList("zoom/users", () => Users(state)) : [];
        var page = all.Skip(offset).Take(size).ToList();
        var next = offset + page.Count < all.Count ? VendorDemo.PageToken(offset + page.Count) : string.Empty;
        await http.Response.WriteAsJsonAsync(new
        {
            page_count = (all.Count + size - 1) / size,
            page_number = (offset / size) + 1,
            page_size = size,
            total_records = all.Count,
            next_page_token = next,
            users = page.Select(u => new
            {
                id = u.Id,
                first_name = u.Name.Split(' ')[0],
                last_name = u.Name.Contains(' ', StringComparison.Ordinal) ? u.Name[(u.Name.IndexOf(' ', StringComparison.Ordinal) + 1)..] : string.Empty,
                display_name = u.Name,
                email = u.Email,
                type = u.Type,
                status = "active",
                last_login_time = u.LastLogin is { } last ? VendorDemo.Iso(last) : null,
                created_at = VendorDemo.Iso(u.LoginTypeChanged),
                user_created_at = VendorDemo.Iso(u.Created),
                timezone = "Europe/Amsterdam",
            }),
        }, http.RequestAborted);
    }

    private static Task ErrorAsync(HttpContext http, int status, int code, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new { code, message }, http.RequestAborted);
    }
}
