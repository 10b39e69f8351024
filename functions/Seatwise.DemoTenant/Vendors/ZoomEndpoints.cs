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
        app.MapGet(BasePath + "/users/{userId}", (HttpContext http, string userId) => UserAsync(http, state, userId));
        app.MapPatch(BasePath + "/users/{userId}", (HttpContext http, string userId) => UpdateUserAsync(http, state, userId));
    }

    /// <summary><c>GET /users/{userId}</c>: one user, or 404 with Zoom's code 1001.</summary>
    private static async Task UserAsync(HttpContext http, DemoTenantState state, string userId)
    {
        if (!await GateAsync(http, state, "user"))
        {
            return;
        }

        if (Find(state, userId) is not { } u)
        {
            await ErrorAsync(http, 404, 1001, $"User does not exist: {userId}.");
            return;
        }

        await http.Response.WriteAsJsonAsync(new { id = u.Id, email = u.Email, display_name = u.Name, type = u.Type, status = "active" }, http.RequestAborted);
    }

    /// <summary>
    /// <c>PATCH /users/{userId}</c> with <c>type</c> 1 (Basic) or 2 (Licensed): 204 No Content. The first call is
    /// throttled once (429 with Retry-After).
    /// </summary>
    private static async Task UpdateUserAsync(HttpContext http, DemoTenantState state, string userId)
    {
        if (!await GateAsync(http, state, "update-user"))
        {
            return;
        }

        if (state.FirstWrite("zoom/update-user"))
        {
            http.Response.Headers.RetryAfter = "1";
            await ErrorAsync(http, 429, 429, "You have reached the maximum per-second rate limit for this API. Try again later.");
            return;
        }

        if (Find(state, userId) is null)
        {
            await ErrorAsync(http, 404, 1001, $"User does not exist: {userId}.");
            return;
        }

        using var body = await System.Text.Json.JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        if (!body.RootElement.TryGetProperty("type", out var type) || !type.TryGetInt32(out var value) || value is not (1 or 2 or 99))
        {
            await ErrorAsync(http, 400, 300, "Invalid field: type.");
            return;
        }

        state.ZoomTypes[userId] = value;
        state.VendorWritten();
        http.Response.StatusCode = 204;
    }

    private static (string Id, string Email, string Name, int Type, DateTimeOffset? LastLogin, DateTimeOffset Created, DateTimeOffset LoginTypeChanged)? Find(DemoTenantState state, string userId) =>
        state.VendorList("zoom/users", () => Users(state)).Where(u => u.Id == userId).Select(u => ((string, string, string, int, DateTimeOffset?, DateTimeOffset, DateTimeOffset)?)u).FirstOrDefault();

    private static async Task<bool> GateAsync(HttpContext http, DemoTenantState state, string route)
    {
        switch (await VendorDemo.GateAsync(http, state, "zoom", route, Token))
        {
            case VendorFault.Unauthorized:
                await ErrorAsync(http, 401, 124, "Invalid access token.");
                return false;
            case VendorFault.Throttled:
                http.Response.Headers.RetryAfter = VendorDemo.RetryAfterSeconds(state, "zoom").ToString(CultureInfo.InvariantCulture);
                await ErrorAsync(http, 429, 429, "You have reached the maximum per-second rate limit for this API. Try again later.");
                return false;
            case VendorFault.Unavailable or VendorFault.QuotaExhausted:
                await ErrorAsync(http, 503, 503, "Service unavailable.");
                return false;
            default:
                return true;
        }
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
            var id = $"z{i:x8}";
            // Drawn even when a write set the type, so the user's other generated facts stay the same.
            var drawn = random.Below(3) == 0 ? 2 : 1;
            var type = state.ZoomTypes.TryGetValue(id, out var written) ? written : drawn;
            DateTimeOffset? last = random.Below(5) == 0 ? null : reference.AddDays(-random.Below(user.AccountEnabled ? 200 : 400));
            var created = user.CreatedDateTime.AddDays(3);
            yield return (id, email, user.DisplayName, type, last, created, i % 7 == 2 ? Max(created, reference.AddDays(-2)) : created);
        }

        yield return ("zext0001", "events@partner-agency.example", "Partner Agency Events", state.ZoomTypes.GetValueOrDefault("zext0001", 2), reference.AddDays(-20), reference.AddDays(-700), reference.AddDays(-700));
        yield return ("zext0002", "webinars@contoso-old.example", "Old Webinar Account", state.ZoomTypes.GetValueOrDefault("zext0002", 2), reference.AddDays(-500), reference.AddDays(-1500), reference.AddDays(-1500));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static async Task UsersAsync(HttpContext http, DemoTenantState state)
    {
        if (!await GateAsync(http, state, "users"))
        {
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
