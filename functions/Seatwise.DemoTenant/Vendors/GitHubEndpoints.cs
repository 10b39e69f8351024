using System.Globalization;
using System.Text.Json;

namespace Seatwise.DemoTenant.Vendors;

/// <summary>
/// GitHub's organization members, Copilot seats and SAML identities (GraphQL) for the demo tenant's people, with
/// GitHub's shapes: <c>per_page</c>/<c>page</c> with a Link header, <c>Bad credentials</c> 401, rate limits as 403
/// with <c>x-ratelimit-remaining: 0</c> and <c>x-ratelimit-reset</c>. About one person in four is a member, three in
/// five members have Copilot; leavers stay members; a build bot has no SAML identity; one former member still holds
/// a Copilot seat.
/// </summary>
public static class GitHubEndpoints
{
    public const string Token = "demo-github-token";
    public const string BasePath = "/github";
    public const string Organization = "contoso-demo";

    /// <summary>The enterprise the organization belongs to; SAML single sign-on is configured there, not on the organization.</summary>
    public const string Enterprise = "contoso-demo-enterprise";
    private const string Vendor = "github";
    private static readonly string[] OrganizationProviderPath = ["organization", "samlIdentityProvider"];
    private static readonly string[] EnterpriseProviderPath = ["enterprise", "ownerInfo", "samlIdentityProvider"];

    /// <param name="SamlNameId">The SAML NameID: the person's email for most, an object id for some (then <paramref name="ScimEmail"/> names them).</param>
    /// <param name="ScimEmail">The primary email SCIM provisioned, when the NameID is no address.</param>
    public sealed record Member(long Id, string Login, string? SamlNameId, bool IsMember, CopilotSeat? Copilot, string? ScimEmail = null)
    {
        /// <summary>The email the github source should key the account by; null when the account has no identity.</summary>
        public string? Email => SamlNameId is { } id && id.Contains('@', StringComparison.Ordinal) ? id : ScimEmail;
    }

    /// <param name="LastActivityAt">Null when the holder has IDE telemetry off (GitHub records activity only with it on).</param>
    /// <param name="LastAuthenticatedAt">When the holder last signed in to GitHub with Copilot access.</param>
    /// <param name="PendingCancellation">Set when the seat was cancelled through the API: GitHub bills it to the end of the cycle.</param>
    public sealed record CopilotSeat(DateTimeOffset CreatedAt, DateTimeOffset? LastActivityAt, string PlanType, DateTimeOffset? LastAuthenticatedAt = null, DateTimeOffset? PendingCancellation = null);

    public static void MapGitHub(this IEndpointRouteBuilder app, DemoTenantState state)
    {
        app.MapGet(BasePath + "/orgs/{org}/members", (HttpContext http, string org) => MembersAsync(http, state, org));
        app.MapGet(BasePath + "/orgs/{org}/copilot/billing/seats", (HttpContext http, string org) => SeatsAsync(http, state, org));
        app.MapPost(BasePath + "/graphql", (HttpContext http) => GraphQlAsync(http, state));
        app.MapGet(BasePath + "/user/{accountId}", (HttpContext http, string accountId) => UserByIdAsync(http, state, accountId));
        app.MapDelete(BasePath + "/orgs/{org}/copilot/billing/selected_users", (HttpContext http, string org) => SelectedUsersAsync(http, state, org, cancel: true));
        app.MapPost(BasePath + "/orgs/{org}/copilot/billing/selected_users", (HttpContext http, string org) => SelectedUsersAsync(http, state, org, cancel: false));
    }

    /// <summary><c>GET /user/{account_id}</c>: the account with that numeric id, or 404 Not Found.</summary>
    private static async Task UserByIdAsync(HttpContext http, DemoTenantState state, string accountId)
    {
        if (!await GateAsync(http, state, "user"))
        {
            return;
        }

        var account = long.TryParse(accountId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? state.VendorList("github/accounts", () => Accounts(state)).FirstOrDefault(a => a.Id == id)
            : null;
        if (account is null)
        {
            await ErrorAsync(http, 404, "Not Found");
            return;
        }

        await http.Response.WriteAsJsonAsync(new { login = account.Login, id = account.Id, type = "User", site_admin = false }, http.RequestAborted);
    }

    /// <summary>
    /// <c>DELETE</c> (cancel) and <c>POST</c> (add) <c>/orgs/{org}/copilot/billing/selected_users</c> with
    /// <c>selected_usernames</c>: answers how many seats changed (<c>seats_cancelled</c> / <c>seats_created</c>); a
    /// cancelled seat stays listed with its <c>pending_cancellation_date</c>, the last day of the month. The first
    /// call is throttled once (403 with the rate-limit headers, as GitHub's secondary limits answer).
    /// </summary>
    private static async Task SelectedUsersAsync(HttpContext http, DemoTenantState state, string org, bool cancel)
    {
        if (!await GateAsync(http, state, "selected_users") || !await OrganizationAsync(http, org))
        {
            return;
        }

        if (state.FirstWrite("github/selected_users"))
        {
            http.Response.Headers.RetryAfter = "1";
            await ErrorAsync(http, 429, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.");
            return;
        }

        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        if (!body.RootElement.TryGetProperty("selected_usernames", out var names) || names.ValueKind != JsonValueKind.Array || names.GetArrayLength() == 0)
        {
            await ErrorAsync(http, 422, "Invalid request.\n\n\"selected_usernames\" wasn't supplied.");
            return;
        }

        var accounts = state.VendorList("github/accounts", () => Accounts(state));
        var changed = 0;
        var reference = state.Generator.ReferenceTime;
        var endOfMonth = new DateTimeOffset(reference.Year, reference.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1).AddDays(-1);
        foreach (var login in names.EnumerateArray().Select(n => n.GetString() ?? string.Empty))
        {
            if (accounts.FirstOrDefault(a => string.Equals(a.Login, login, StringComparison.OrdinalIgnoreCase)) is not { IsMember: true } account)
            {
                await ErrorAsync(http, 422, $"Could not find user {login} in the organization.");
                return;
            }

            var seated = account.Copilot is { PendingCancellation: null };
            if (cancel && seated && state.CopilotCancelled.TryAdd(account.Login, endOfMonth))
            {
                changed++;
            }
            else if (!cancel && !seated && account.Copilot is not null && state.CopilotCancelled.TryRemove(account.Login, out _))
            {
                changed++;
            }
        }

        state.VendorWritten();
        http.Response.StatusCode = cancel ? 200 : 201;
        await http.Response.WriteAsJsonAsync(cancel ? new { seats_cancelled = changed } : (object)new { seats_created = changed }, http.RequestAborted);
    }

    /// <summary>Every GitHub account of the organization: members (the people, then a bot), then a former member with Copilot.</summary>
    public static IEnumerable<Member> Accounts(DemoTenantState state)
    {
        var reference = state.Generator.ReferenceTime;
        foreach (var (index, user, random) in VendorDemo.People(state, 0x61CB, 25))
        {
            var r = random;
            var login = user.UserPrincipalName.Split('@')[0].Replace('.', '-').ToLowerInvariant() + "-ctso";
            CopilotSeat? copilot = null;
            if (r.Percent(60))
            {
                copilot = new CopilotSeat(reference.AddDays(-30 - r.Below(300)), VendorDemo.LastActive(state, user, ref r, 15), "business");
                // Cases picked by index (no draw from the generator, so the other data stays the same): telemetry off
                // but signed in lately; neither activity nor sign-in known; a seat granted five days ago, not used yet.
                copilot = (index % 9, index % 13, index % 17) switch
                {
                    (4, _, _) => copilot with { LastActivityAt = null, LastAuthenticatedAt = reference.AddDays(-3) },
                    (_, 6, _) => copilot with { LastActivityAt = null, LastAuthenticatedAt = null },
                    (_, _, 8) => copilot with { CreatedAt = reference.AddDays(-5), LastActivityAt = null, LastAuthenticatedAt = null },
                    _ => copilot with { LastAuthenticatedAt = copilot.LastActivityAt },
                };
            }

            if (copilot is not null && state.CopilotCancelled.TryGetValue(login, out var pending))
            {
                copilot = copilot with { PendingCancellation = pending };
            }

            // Some identity providers send an object id as the NameID; SCIM then carries the email.
            yield return index % 23 == 3
                ? new Member(1_000_000 + index, login, user.Id, true, copilot, VendorDemo.Email(user))
                : new Member(1_000_000 + index, login, VendorDemo.Email(user), true, copilot);
        }

        yield return new Member(900_001, "contoso-build-bot", null, true, null);
        yield return new Member(900_002, "old-contractor-ctso", "old.contractor@contractors.example", false,
            new CopilotSeat(reference.AddDays(-400), reference.AddDays(-150), "business"));
    }

    private static async Task<bool> GateAsync(HttpContext http, DemoTenantState state, string route)
    {
        switch (await VendorDemo.GateAsync(http, state, Vendor, route, Token))
        {
            case VendorFault.Unauthorized:
                await ErrorAsync(http, 401, "Bad credentials");
                return false;
            case VendorFault.Throttled or VendorFault.QuotaExhausted:
                var reset = DateTimeOffset.UtcNow.AddSeconds(VendorDemo.RetryAfterSeconds(state, Vendor)).ToUnixTimeSeconds();
                http.Response.Headers["x-ratelimit-limit"] = "5000";
                http.Response.Headers["x-ratelimit-remaining"] = "0";
                http.Response.Headers["x-ratelimit-reset"] = reset.ToString(CultureInfo.InvariantCulture);
                await ErrorAsync(http, 403, "API rate limit exceeded for user ID 1.");
                return false;
            case VendorFault.Unavailable:
                await ErrorAsync(http, 503, "Service Unavailable");
                return false;
            default:
                return true;
        }
    }

    private static async Task MembersAsync(HttpContext http, DemoTenantState state, string org)
    {
        if (!await GateAsync(http, state, "members") || !await OrganizationAsync(http, org))
        {
            return;
        }

        var members = state.VendorList("github/members", () => Accounts(state).Where(a => a.IsMember));
        var page = Page(http, members);
        await http.Response.WriteAsJsonAsync(page.Select(m => new
        {
            login = m.Login,
            id = m.Id,
            node_id = "MDQ6VXNlcj" + m.Id.ToString(CultureInfo.InvariantCulture),
            type = "User",
            site_admin = false,
        }), http.RequestAborted);
    }

    private static async Task SeatsAsync(HttpContext http, DemoTenantState state, string org)
    {
        if (!await GateAsync(http, state, "copilot") || !await OrganizationAsync(http, org))
        {
            return;
        }

        var seats = state.VendorList("github/copilot", () => Accounts(state).Where(a => a.Copilot is not null));
        var page = Page(http, seats);
        await http.Response.WriteAsJsonAsync(new
        {
            total_seats = seats.Count,
            seats = page.Select(m => new
            {
                created_at = VendorDemo.Iso(m.Copilot!.CreatedAt),
                updated_at = VendorDemo.Iso(m.Copilot.CreatedAt),
                pending_cancellation_date = m.Copilot.PendingCancellation is { } pending ? pending.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                last_activity_at = m.Copilot.LastActivityAt is { } last ? VendorDemo.Iso(last) : null,
                last_activity_editor = m.Copilot.LastActivityAt is null ? null : "vscode/1.96.0/copilot-chat/0.23.0",
                last_authenticated_at = m.Copilot.LastAuthenticatedAt is { } signedIn ? VendorDemo.Iso(signedIn) : null,
                plan_type = m.Copilot.PlanType,
                assignee = new { login = m.Login, id = m.Id, type = "User" },
            }),
        }, http.RequestAborted);
    }

    /// <summary>
    /// The GraphQL query the github source sends: the SAML identities, 100 per page, of the enterprise (where the
    /// demo has SAML configured, as <see cref="DemoTenantOptions.GitHubSamlAtOrganization"/> says) or of the
    /// organization, whose provider is then null, as GitHub shows it. The stand-in does not parse GraphQL; it checks
    /// that the query asks for external identities and which owner it names.
    /// </summary>
    private static async Task GraphQlAsync(HttpContext http, DemoTenantState state)
    {
        if (!await GateAsync(http, state, "graphql"))
        {
            return;
        }

        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var query = body.RootElement.TryGetProperty("query", out var q) ? q.GetString() ?? string.Empty : string.Empty;
        var variables = body.RootElement.TryGetProperty("variables", out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
        string? Variable(string name) => variables.ValueKind == JsonValueKind.Object && variables.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var atEnterprise = query.Contains("enterprise(slug:", StringComparison.Ordinal);
        var owner = atEnterprise ? Variable("slug") : Variable("org");
        if (!query.Contains("externalIdentities", StringComparison.Ordinal) || owner != (atEnterprise ? Enterprise : Organization))
        {
            await http.Response.WriteAsJsonAsync(new
            {
                data = atEnterprise ? (object)new { enterprise = (object?)null } : new { organization = (object?)null },
                errors = new[]
                {
                    new { type = "NOT_FOUND", message = atEnterprise ? $"Could not resolve to a Business with the slug of '{owner}'." : $"Could not resolve to an Organization with the login of '{owner}'." },
                },
            }, http.RequestAborted);
            return;
        }

        if (state.VendorFaults(Vendor).MissingPermission)
        {
            await http.Response.WriteAsJsonAsync(new
            {
                data = Owner(atEnterprise, null),
                errors = new[]
                {
                    new
                    {
                        type = "FORBIDDEN",
                        path = atEnterprise ? EnterpriseProviderPath : OrganizationProviderPath,
                        message = atEnterprise ? $"You must be an owner of the {Enterprise} enterprise to access its SAML identity provider."
                            : $"You must be an owner of the {Organization} organization to access its SAML identity provider.",
                    },
                },
            }, http.RequestAborted);
            return;
        }

        if (atEnterprise == state.Options.GitHubSamlAtOrganization)
        {
            // SAML lives at the other level: this one shows no identity provider.
            await http.Response.WriteAsJsonAsync(new { data = Owner(atEnterprise, null) }, http.RequestAborted);
            return;
        }

        var linked = state.VendorList("github/identities", () => Accounts(state).Where(a => a.SamlNameId is not null));
        var offset = VendorDemo.Offset(Variable("cursor")) ?? 0;
        var nodes = linked.Skip(offset).Take(100).ToList();
        var end = offset + nodes.Count;
        await http.Response.WriteAsJsonAsync(new
        {
            data = Owner(atEnterprise, new
            {
                externalIdentities = new
                {
                    pageInfo = new { hasNextPage = end < linked.Count, endCursor = VendorDemo.PageToken(end) },
                    nodes = nodes.Select(a => new
                    {
                        samlIdentity = new { nameId = a.SamlNameId, emails = Array.Empty<object>() },
                        scimIdentity = new
                        {
                            username = a.ScimEmail ?? a.SamlNameId,
                            emails = a.ScimEmail is null ? [] : new[] { new { value = a.ScimEmail, primary = true } },
                        },
                        user = new { login = a.Login },
                    }),
                },
            }),
        }, http.RequestAborted);
    }

    /// <summary>The <c>data</c> object with the identity provider under the enterprise's owner info or the organization.</summary>
    private static object Owner(bool atEnterprise, object? provider) => atEnterprise
        ? new { enterprise = new { ownerInfo = new { samlIdentityProvider = provider } } }
        : new { organization = new { samlIdentityProvider = provider } };

    /// <summary>Applies per_page/page and writes the Link header GitHub sends (next and last).</summary>
    private static List<T> Page<T>(HttpContext http, IReadOnlyList<T> all)
    {
        var size = VendorDemo.Size(http, "per_page", 30, 100);
        var number = VendorDemo.Size(http, "page", 1, int.MaxValue);
        var pages = Math.Max(1, (all.Count + size - 1) / size);
        if (number < pages)
        {
            var request = http.Request;
            string Link(int page) => $"<{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?per_page={size}&page={page}>";
            http.Response.Headers.Link = $"{Link(number + 1)}; rel=\"next\", {Link(pages)}; rel=\"last\"";
        }

        return all.Skip((number - 1) * size).Take(size).ToList();
    }

    private static async Task<bool> OrganizationAsync(HttpContext http, string org)
    {
        if (org == Organization)
        {
            return true;
        }

        await ErrorAsync(http, 404, "Not Found");
        return false;
    }

    private static Task ErrorAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new { message, documentation_url = "https://docs.github.com/rest", status = status.ToString(CultureInfo.InvariantCulture) }, http.RequestAborted);
    }
}
