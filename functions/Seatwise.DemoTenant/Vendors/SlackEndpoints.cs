using System.Text.Json;
using System.Globalization;

namespace Seatwise.DemoTenant.Vendors;

/// <summary>
/// Slack's <c>users.list</c>, <c>team.billableInfo</c> and <c>team.accessLogs</c> for the demo tenant's people, with
/// Slack's shapes: errors as HTTP 200 <c>{"ok": false, "error": ...}</c>, cursor paging in
/// <c>response_metadata.next_cursor</c>, numbered pages (at most 100) and <c>before</c> for access logs, 429 with
/// Retry-After. Three in four people are in Slack; half of the leavers were deactivated (<c>deleted</c>), the other
/// half still hold a billed seat; some members are guests; Slackbot and a bot user are in the list.
/// </summary>
public static class SlackEndpoints
{
    public const string Token = "demo-slack-token";
    public const string BasePath = "/slack/api";

    /// <summary>Slack's SCIM API (api.slack.com/scim/v2 in Slack).</summary>
    public const string ScimPath = "/slack/scim/v2";

    private static readonly string[] ScimUserSchemas = ["urn:ietf:params:scim:schemas:core:2.0:User"];
    private const string Vendor = "slack";

    public sealed record SlackUser(string Id, string Name, string? Email, string RealName, bool Deleted, bool IsBot, bool Restricted, bool UltraRestricted, bool Billable, IReadOnlyList<DateTimeOffset> Logins);

    public static void MapSlack(this IEndpointRouteBuilder app, DemoTenantState state)
    {
        app.MapGet(BasePath + "/users.list", (HttpContext http) => UsersAsync(http, state));
        app.MapGet(BasePath + "/team.billableInfo", (HttpContext http) => BillableAsync(http, state));
        app.MapGet(BasePath + "/team.accessLogs", (HttpContext http) => AccessLogsAsync(http, state));
        app.MapGet(ScimPath + "/Users/{id}", (HttpContext http, string id) => ScimUserAsync(http, state, id, patch: false));
        app.MapPatch(ScimPath + "/Users/{id}", (HttpContext http, string id) => ScimUserAsync(http, state, id, patch: true));
    }

    /// <summary>
    /// SCIM <c>GET</c> and <c>PATCH /Users/{id}</c>: a PatchOp replacing <c>active</c> deactivates or reactivates the
    /// member (a deactivated member is <c>deleted</c> in users.list and not billable); SCIM error bodies; the first
    /// PATCH is throttled once.
    /// </summary>
    private static async Task ScimUserAsync(HttpContext http, DemoTenantState state, string id, bool patch)
    {
        if (!await GateAsync(http, state, "scim"))
        {
            return;
        }

        var user = state.VendorList("slack/users", () => Users(state)).FirstOrDefault(u => u.Id == id && !u.IsBot);
        if (user is null)
        {
            await ScimErrorAsync(http, 404, "User not found");
            return;
        }

        if (patch)
        {
            if (state.FirstWrite("slack/scim"))
            {
                http.Response.Headers.RetryAfter = "1";
                await ScimErrorAsync(http, 429, "rate limited");
                return;
            }

            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var operation = body.RootElement.TryGetProperty("Operations", out var ops) && ops.ValueKind == JsonValueKind.Array && ops.GetArrayLength() == 1 ? ops[0] : default;
            if (operation.ValueKind != JsonValueKind.Object || operation.GetProperty("path").GetString() != "active" ||
                operation.GetProperty("value").ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                await ScimErrorAsync(http, 400, "invalid_operation");
                return;
            }

            state.SlackActive[id] = operation.GetProperty("value").GetBoolean();
            state.VendorWritten();
            user = state.VendorList("slack/users", () => Users(state)).First(u => u.Id == id);
        }

        await http.Response.WriteAsJsonAsync(new
        {
            schemas = ScimUserSchemas,
            id = user.Id,
            userName = user.Name,
            displayName = user.RealName,
            active = !user.Deleted,
            emails = user.Email is null ? [] : new[] { new { value = user.Email, primary = true } },
        }, http.RequestAborted);
    }

    private static Task ScimErrorAsync(HttpContext http, int status, string description)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new { Errors = new { description, code = status } }, http.RequestAborted);
    }

    /// <summary>Every Slack user of the workspace, in list order.</summary>
    public static IEnumerable<SlackUser> Users(DemoTenantState state)
    {
        yield return new SlackUser("USLACKBOT", "slackbot", null, "Slackbot", false, false, false, false, false, []);
        foreach (var (index, user, random) in VendorDemo.People(state, 0x51AC, 75))
        {
            var r = random;
            var deleted = !user.AccountEnabled && r.Percent(50);
            var guest = r.Below(20);
            var last = VendorDemo.LastActive(state, user, ref r, 5);
            // Two devices: the desktop app at the last access, the phone some days before.
            IReadOnlyList<DateTimeOffset> logins = last is { } at ? [at, at.AddDays(-1 - r.Below(20))] : [];
            var id = $"U{index + 1:D8}";
            // A member (de)activated through SCIM, after the draws above so the rest stays the same.
            deleted = state.SlackActive.TryGetValue(id, out var active) ? !active : deleted;
            yield return new SlackUser(id, user.UserPrincipalName.Split('@')[0], VendorDemo.Email(user), user.DisplayName,
                deleted, false, guest == 0, guest == 1, !deleted && guest != 1, logins);
        }

        yield return new SlackUser("B00000001", "deploy-bot", null, "Deploy bot", false, true, false, false, false, []);
        var designerActive = state.SlackActive.GetValueOrDefault("U90000001", true);
        yield return new SlackUser("U90000001", "agency.designer", "designer@creative-agency.example", "Agency Designer", !designerActive, false, false, false, designerActive,
            [state.Generator.ReferenceTime.AddDays(-3)]);
    }

    private static async Task<bool> GateAsync(HttpContext http, DemoTenantState state, string route)
    {
        switch (await VendorDemo.GateAsync(http, state, Vendor, route, Token))
        {
            case VendorFault.Unauthorized:
                await http.Response.WriteAsJsonAsync(new { ok = false, error = "invalid_auth" }, http.RequestAborted);
                return false;
            case VendorFault.Throttled or VendorFault.QuotaExhausted:
                http.Response.StatusCode = 429;
                http.Response.Headers.RetryAfter = VendorDemo.RetryAfterSeconds(state, Vendor).ToString(CultureInfo.InvariantCulture);
                await http.Response.WriteAsJsonAsync(new { ok = false, error = "ratelimited" }, http.RequestAborted);
                return false;
            case VendorFault.Unavailable:
                http.Response.StatusCode = 503;
                await http.Response.WriteAsync("upstream connect error", http.RequestAborted);
                return false;
            default:
                return true;
        }
    }

    private static async Task UsersAsync(HttpContext http, DemoTenantState state)
    {
        if (!await GateAsync(http, state, "users.list") || await CursorPageAsync(http, state.VendorList("slack/users", () => Users(state))) is not { } page)
        {
            return;
        }

        await http.Response.WriteAsJsonAsync(new
        {
            ok = true,
            members = page.Items.Select(u => new
            {
                id = u.Id,
                team_id = "T0DEMO001",
                name = u.Name,
                deleted = u.Deleted,
                real_name = u.RealName,
                is_admin = false,
                is_owner = false,
                is_bot = u.IsBot,
                is_app_user = false,
                is_restricted = u.Restricted || u.UltraRestricted,
                is_ultra_restricted = u.UltraRestricted,
                updated = 1_700_000_000,
                profile = new { email = u.Email, real_name = u.RealName, display_name = u.Name },
            }),
            cache_ts = 1_700_000_000,
            response_metadata = new { next_cursor = page.Next },
        }, http.RequestAborted);
    }

    private static async Task BillableAsync(HttpContext http, DemoTenantState state)
    {
        var people = state.VendorList("slack/billable", () => Users(state).Where(u => !u.IsBot && u.Id.StartsWith('U') && u.Id != "USLACKBOT"));
        if (!await GateAsync(http, state, "team.billableInfo") || await CursorPageAsync(http, people) is not { } page)
        {
            return;
        }

        await http.Response.WriteAsJsonAsync(new
        {
            ok = true,
            billable_info = page.Items.ToDictionary(u => u.Id, u => new { billing_active = u.Billable }),
            response_metadata = new { next_cursor = page.Next },
        }, http.RequestAborted);
    }

    private static async Task AccessLogsAsync(HttpContext http, DemoTenantState state)
    {
        if (!await GateAsync(http, state, "team.accessLogs"))
        {
            return;
        }

        var count = VendorDemo.Size(http, "count", 100, 1000);
        var number = VendorDemo.Size(http, "page", 1, int.MaxValue);
        if (number > 100)
        {
            await http.Response.WriteAsJsonAsync(new { ok = false, error = "over_pagination_limit" }, http.RequestAborted);
            return;
        }

        long? before = long.TryParse(http.Request.Query["before"], NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : null;
        var all = state.VendorList("slack/accessLogs", () => state.VendorList("slack/users", () => Users(state))
            .SelectMany(u => u.Logins.Select((at, device) => (User: u, At: at.ToUnixTimeSeconds(), Device: device)))
            .OrderByDescending(e => e.At).ThenBy(e => e.User.Id, StringComparer.Ordinal));
        var entries = before is null ? all : [.. all.Where(e => e.At <= before)];
        await http.Response.WriteAsJsonAsync(new
        {
            ok = true,
            logins = entries.Skip((number - 1) * count).Take(count).Select(e => new
            {
                user_id = e.User.Id,
                username = e.User.Name,
                date_first = e.At - 86_400 * 30,
                date_last = e.At,
                count = 12,
                ip = "203.0.113." + ((e.User.Id.Sum(ch => ch) % 250) + 1).ToString(CultureInfo.InvariantCulture),
                user_agent = e.Device == 0 ? "Slack_SSB/4.41.105" : "com.tinyspeck.chatlyio/24.12",
                isp = "Contoso Networks",
                country = "NL",
                region = "North Holland",
            }),
            paging = new { count, total = entries.Count, page = number, pages = Math.Max(1, (entries.Count + count - 1) / count) },
        }, http.RequestAborted);
    }

    /// <summary>Applies <c>limit</c>/<c>cursor</c>; an unknown cursor answers Slack's <c>invalid_cursor</c>.</summary>
    private static async Task<(List<T> Items, string Next)?> CursorPageAsync<T>(HttpContext http, IReadOnlyList<T> all)
    {
        var size = VendorDemo.Size(http, "limit", 100, 1000);
        if (VendorDemo.Offset(http.Request.Query["cursor"]) is not { } offset)
        {
            await http.Response.WriteAsJsonAsync(new { ok = false, error = "invalid_cursor" }, http.RequestAborted);
            return null;
        }

        var items = all.Skip(offset).Take(size).ToList();
        return (items, offset + items.Count < all.Count ? VendorDemo.PageToken(offset + items.Count) : string.Empty);
    }
}
