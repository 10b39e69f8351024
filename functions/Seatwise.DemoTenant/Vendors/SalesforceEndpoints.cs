using System.Globalization;
using System.Text.Json;

namespace Seatwise.DemoTenant.Vendors;

/// <summary>
/// Salesforce's SOQL query over REST (<c>GET /services/data/v61.0/query?q=...</c> and its <c>nextRecordsUrl</c>)
/// for the demo tenant's people, with Salesforce's shapes: <c>totalSize</c>/<c>done</c>/<c>records</c> with
/// <c>attributes</c>, dates like <c>2026-01-15T10:30:00.000+0000</c>, errors as <c>[{message, errorCode}]</c>,
/// 503 when unavailable, 403 <c>REQUEST_LIMIT_EXCEEDED</c> when the daily quota is spent. The batch size follows
/// <c>Sforce-Query-Options: batchSize=N</c> (default 2000). One person in six is a user; most hold a
/// <c>Salesforce</c> licence, some <c>Salesforce Platform</c>; a third of the leavers are still active users.
/// </summary>
public static class SalesforceEndpoints
{
    public const string Token = "demo-salesforce-token";
    public const string BasePath = "/salesforce";
    private const string Vendor = "salesforce";
    private const string QueryPath = "/services/data/v61.0/query";
    public const string ClientId = "demo-salesforce-client";
    public const string ClientSecret = "demo-salesforce-secret";

    // Salesforce field names are PascalCase (Id, LastLoginDate); ASP.NET's default would camel-case them.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = null };

    public sealed record SalesforceUser(string Id, string Username, string Email, string Name, bool IsActive, DateTimeOffset? LastLogin, DateTimeOffset Created, string License);

    public static void MapSalesforce(this IEndpointRouteBuilder app, DemoTenantState state)
    {
        app.MapGet(BasePath + QueryPath, (HttpContext http) => QueryAsync(http, state, null));
        app.MapGet(BasePath + QueryPath + "/{locator}", (HttpContext http, string locator) => QueryAsync(http, state, locator));
        app.MapPost(BasePath + "/services/oauth2/token", (HttpContext http) => TokenAsync(http, state));
        app.MapGet(BasePath + "/services/data/{version}/sobjects/User/{id}", (HttpContext http, string id) => UserAsync(http, state, id, patch: false));
        app.MapPatch(BasePath + "/services/data/{version}/sobjects/User/{id}", (HttpContext http, string id) => UserAsync(http, state, id, patch: true));
    }

    /// <summary>The client-credentials flow of a connected app: form fields grant_type, client_id, client_secret.</summary>
    private static async Task TokenAsync(HttpContext http, DemoTenantState state)
    {
        state.NextVendorRequest(Vendor, "oauth");
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        if (form is null || form["grant_type"].ToString() != "client_credentials" || form["client_id"].ToString() != ClientId || form["client_secret"].ToString() != ClientSecret)
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsJsonAsync(new { error = "invalid_client", error_description = "invalid client credentials" }, Json, http.RequestAborted);
            return;
        }

        var request = http.Request;
        await http.Response.WriteAsJsonAsync(new
        {
            access_token = Token,
            instance_url = $"{request.Scheme}://{request.Host}{BasePath}",
            id = $"{request.Scheme}://{request.Host}{BasePath}/id/00DDEMO/005DEMO99000001AAA",
            token_type = "Bearer",
            issued_at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            signature = "ZGVtbw==",
        }, Json, http.RequestAborted);
    }

    /// <summary>
    /// <c>GET</c> and <c>PATCH /services/data/{version}/sobjects/User/{Id}</c>: the user's fields, or an update of
    /// <c>IsActive</c> (204 No Content; the query then leaves an inactive user out); NOT_FOUND as Salesforce answers it.
    /// </summary>
    private static async Task UserAsync(HttpContext http, DemoTenantState state, string id, bool patch)
    {
        if (await VendorDemo.GateAsync(http, state, Vendor, "sobjects", Token) == VendorFault.Unauthorized)
        {
            await ErrorAsync(http, 401, "INVALID_SESSION_ID", "Session expired or invalid");
            return;
        }

        var user = state.VendorList("salesforce/all", () => Users(state)).FirstOrDefault(u => u.Id == id);
        if (user is null)
        {
            await ErrorAsync(http, 404, "NOT_FOUND", "The requested resource does not exist");
            return;
        }

        if (!patch)
        {
            await http.Response.WriteAsJsonAsync(new Dictionary<string, object>
            {
                ["attributes"] = new { type = "User", url = http.Request.Path.Value },
                ["Id"] = user.Id,
                ["IsActive"] = user.IsActive,
            }, Json, http.RequestAborted);
            return;
        }

        if (state.FirstWrite("salesforce/sobjects"))
        {
            await ErrorAsync(http, 503, "SERVER_UNAVAILABLE", "Server Unavailable");
            return;
        }

        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        if (!body.RootElement.TryGetProperty("IsActive", out var active) || active.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            await ErrorAsync(http, 400, "JSON_PARSER_ERROR", "IsActive must be true or false");
            return;
        }

        state.SalesforceActive[id] = active.GetBoolean();
        state.VendorWritten();
        http.Response.StatusCode = 204;
    }

    public static IEnumerable<SalesforceUser> Users(DemoTenantState state)
    {
        foreach (var (index, user, random) in VendorDemo.People(state, 0x5F0C, 16))
        {
            var r = random;
            var active = user.AccountEnabled || r.Percent(33);
            var license = r.Percent(15) ? "Salesforce Platform" : "Salesforce";
            var id = $"005DEMO{index:D8}AAA";
            active = state.SalesforceActive.GetValueOrDefault(id, active);
            yield return new SalesforceUser(id, user.UserPrincipalName.ToLowerInvariant(), VendorDemo.Email(user), user.DisplayName, active,
                VendorDemo.LastActive(state, user, ref r, 8), user.CreatedDateTime.AddDays(10), license);
        }

        yield return new SalesforceUser("005DEMO99000001AAA", "integration@contoso-sales.example", "integration@contoso-sales.example", "Integration User", true,
            state.Generator.ReferenceTime.AddHours(-2), state.Generator.ReferenceTime.AddDays(-900), "Salesforce");
    }

    private static async Task QueryAsync(HttpContext http, DemoTenantState state, string? locator)
    {
        switch (await VendorDemo.GateAsync(http, state, Vendor, "query", Token))
        {
            case VendorFault.Unauthorized:
                await ErrorAsync(http, 401, "INVALID_SESSION_ID", "Session expired or invalid");
                return;
            case VendorFault.QuotaExhausted:
                await ErrorAsync(http, 403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
                return;
            case VendorFault.Throttled or VendorFault.Unavailable:
                await ErrorAsync(http, 503, "SERVER_UNAVAILABLE", "Server Unavailable");
                return;
        }

        // batchSize is a hint from 200 to 2,000; the server may still send fewer (here: the demo's page cap).
        var batch = 2000;
        var options = http.Request.Headers["Sforce-Query-Options"].ToString();
        if (options.StartsWith("batchSize=", StringComparison.OrdinalIgnoreCase) && int.TryParse(options["batchSize=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var b))
        {
            batch = Math.Clamp(b, 200, 2000);
        }

        batch = Math.Min(batch, state.Options.SalesforcePageCap);

        int offset;
        if (locator is null)
        {
            var soql = http.Request.Query["q"].ToString();
            if (!soql.Contains("FROM User", StringComparison.OrdinalIgnoreCase))
            {
                await ErrorAsync(http, 400, "MALFORMED_QUERY", "The demo tenant answers queries FROM User only.");
                return;
            }

            offset = 0;
        }
        else if (locator.Split('-') is [_, var start] && int.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
        {
            offset = s;
        }
        else
        {
            await ErrorAsync(http, 400, "INVALID_QUERY_LOCATOR", "invalid query locator");
            return;
        }

        var all = state.VendorList("salesforce/active", () => Users(state).Where(u => u.IsActive));
        var page = all.Skip(offset).Take(batch).ToList();
        var done = offset + page.Count >= all.Count;
        http.Response.Headers["Sforce-Limit-Info"] = "api-usage=" + state.Requests(Vendor).ToString(CultureInfo.InvariantCulture) + "/15000";
        await http.Response.WriteAsJsonAsync(new
        {
            totalSize = all.Count,
            done,
            nextRecordsUrl = done ? null : $"{QueryPath}/01gDEMO000000001-{offset + page.Count}",
            records = page.Select(u => new
            {
                attributes = new { type = "User", url = $"/services/data/v61.0/sobjects/User/{u.Id}" },
                u.Id,
                u.Username,
                u.Email,
                u.Name,
                u.IsActive,
                LastLoginDate = u.LastLogin is { } last ? Date(last) : null,
                CreatedDate = Date(u.Created),
                Profile = new
                {
                    attributes = new { type = "Profile" },
                    UserLicense = new { attributes = new { type = "UserLicense" }, Name = u.License },
                },
            }),
        }, Json, http.RequestAborted);
    }

    private static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    private static Task ErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new[] { new { message, errorCode = code } }, Json, http.RequestAborted);
    }
}
