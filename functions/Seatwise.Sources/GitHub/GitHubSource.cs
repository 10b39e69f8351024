using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Serialization;
using Seatwise.Core.Inventory;
using Seatwise.Sources.Vendors;

namespace Seatwise.Sources.GitHub;

/// <summary>Settings under <c>Sources__github__</c>.</summary>
public sealed class GitHubOptions : VendorOptions
{
    public const string Section = "Sources:github";

    public GitHubOptions() => BaseUrl = "https://api.github.com";

    /// <summary>The organization's login, e.g. <c>contoso</c>.</summary>
    public string? Organization { get; set; }

    /// <summary>
    /// The enterprise's slug when SAML single sign-on is configured at the enterprise rather than the organization
    /// (GitHub then shows no identity provider on the organization); also for Enterprise Managed Users.
    /// </summary>
    public string? Enterprise { get; set; }

    /// <summary>The product key of an organization member's seat (GitHub Enterprise Cloud and Team bill per member).</summary>
    public string MemberProductKey { get; set; } = "enterprise";

    [Range(1, 100)]
    public int PageSize { get; set; } = 100;
}

/// <summary>
/// The <c>github</c> source: organization members (one seat each, <see cref="GitHubOptions.MemberProductKey"/>,
/// activity unknown), GitHub Copilot seats (<c>copilot_{plan_type}</c>, judged by <c>last_activity_at</c>), and
/// the SAML identities that link a login to the person's corporate email. The REST lists page by Link header,
/// the identities by GraphQL cursor.
/// </summary>
public sealed class GitHubSource(HttpClient http, GitHubOptions options, IdentityKeys identityKeys) : IInventorySource
{
    public const string SourceName = SourceNames.GitHub;

    public static readonly VendorProfile Profile = new()
    {
        Source = SourceName,
        Vendor = "GitHub",
        TokenHint = "an organization owner's classic token with read:org (SAML identities; read:enterprise with Sources__github__Enterprise) and manage_billing:copilot, or a GitHub App token with organization permissions Members, Administration and GitHub Copilot Business: read",
        Headers = new Dictionary<string, string> { ["Accept"] = "application/vnd.github+json", ["X-GitHub-Api-Version"] = "2022-11-28" },
    };

    // The SAML and SCIM attributes of every linked identity: the NameID, and the emails for a NameID that is no address.
    private const string IdentityNodes =
        "externalIdentities(first: 100, after: $cursor) { pageInfo { hasNextPage endCursor } " +
        "nodes { samlIdentity { nameId emails { value primary } } scimIdentity { username emails { value primary } } user { login } } }";

    private const string OrganizationQuery = "query($org: String!, $cursor: String) { organization(login: $org) { samlIdentityProvider { " + IdentityNodes + " } } }";

    private const string EnterpriseQuery = "query($slug: String!, $cursor: String) { enterprise(slug: $slug) { ownerInfo { samlIdentityProvider { " + IdentityNodes + " } } } }";

    public string Name => SourceName;

    public async Task<SourceResult> CollectAsync(ISnapshotWriter writer, CancellationToken cancellationToken)
    {
        var api = new VendorApi(http, options, Profile);
        api.RequireSettings();
        if (string.IsNullOrWhiteSpace(options.Organization))
        {
            throw new SourceNotConfiguredException(SourceName, "Sources__github__Organization is not set (the organization's login, as in github.com/<organization>)");
        }

        var org = Uri.EscapeDataString(options.Organization);
        var size = options.PageSize.ToString(CultureInfo.InvariantCulture);
        var warnings = new List<string>();
        var emails = await ReadIdentitiesAsync(api, warnings, cancellationToken);
        var copilot = await ReadCopilotSeatsAsync(api, org, size, cancellationToken);
        var copilotByPlan = copilot.Values.GroupBy(CopilotKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var accounts = 0;
        var members = 0;
        var unmatched = 0;
        for (var next = api.Url($"orgs/{org}/members?per_page={size}"); next is not null;)
        {
            var page = await api.GetAsync<List<GitHubUser>>(next, cancellationToken);
            foreach (var member in page.Body.Where(m => !string.IsNullOrEmpty(m.Login)))
            {
                var held = new List<SeatAssignment>(2) { new(options.MemberProductKey, ActivityUnknown: true) };
                if (copilot.Remove(member.Login!, out var seat))
                {
                    held.Add(ToSeat(seat));
                }

                var account = Account(member, emails);
                unmatched += account.IdentityUnknown ? 1 : 0;
                await writer.WriteAsync(SnapshotParts.Seats, new AccountSeats(account, held), cancellationToken);
                accounts++;
                members++;
            }

            next = page.NextLink;
        }

        // Copilot can stay assigned to someone who left the organization: the seat is billed until it is cancelled.
        foreach (var seat in copilot.Values)
        {
            var account = Account(seat.Assignee!, emails);
            unmatched += account.IdentityUnknown ? 1 : 0;
            await writer.WriteAsync(SnapshotParts.Seats, new AccountSeats(account, [ToSeat(seat)]), cancellationToken);
            accounts++;
        }

        if (unmatched > 0)
        {
            warnings.Add($"{unmatched} of {accounts} GitHub accounts have no SAML or SCIM email (identity unknown): they are keyed by login and reported as unmatched, never as leavers");
        }

        await writer.WriteAsync(SnapshotParts.Products, new Product(SourceName, options.MemberProductKey, "GitHub organization members", ConsumedUnits: members), cancellationToken);
        foreach (var (key, count) in copilotByPlan.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            await writer.WriteAsync(SnapshotParts.Products, new Product(SourceName, key, "GitHub Copilot", ConsumedUnits: count), cancellationToken);
        }

        return new SourceResult
        {
            Source = SourceName,
            Accounts = accounts,
            Seats = members + copilotByPlan.Values.Sum(),
            Products = 1 + copilotByPlan.Count,
            Unmatched = unmatched,
            Requests = api.Requests,
            Warnings = warnings,
        };
    }

    private Account Account(GitHubUser user, Dictionary<string, string> emails) => new()
    {
        Source = SourceName,
        AccountId = user.Id.ToString(CultureInfo.InvariantCulture),
        // Without an email from SAML or SCIM the login is all there is: it joins nothing in Entra ID, and that says
        // nothing about whether the person left, so the account is unmatched (identity unknown), never orphaned.
        IdentityKey = emails.TryGetValue(user.Login!, out var email) ? identityKeys.Normalize(email) : user.Login!.ToLowerInvariant(),
        IdentityUnknown = email is null,
        DisplayName = user.Login,
    };

    private static string CopilotKey(CopilotSeat seat) => "copilot_" + (string.IsNullOrEmpty(seat.PlanType) ? "business" : seat.PlanType);

    /// <summary>
    /// A Copilot seat judged by its own use: <c>last_activity_at</c>, recorded only when the holder's IDE sends
    /// telemetry; without it the last sign-in with Copilot access (<c>last_authenticated_at</c>); with neither the
    /// seat's activity is unknown, never inactive. <c>created_at</c> (when access was granted) gives a new seat its grace.
    /// </summary>
    private static SeatAssignment ToSeat(CopilotSeat seat) => new(
        CopilotKey(seat),
        seat.CreatedAt,
        seat.LastActivityAt ?? seat.LastAuthenticatedAt,
        ActivityUnknown: seat.LastActivityAt is null && seat.LastAuthenticatedAt is null);

    /// <summary>
    /// login → the person's corporate email for every linked identity, read from the enterprise's identity provider
    /// when <see cref="GitHubOptions.Enterprise"/> is set, else the organization's; empty when there is none.
    /// </summary>
    private async Task<Dictionary<string, string>> ReadIdentitiesAsync(VendorApi api, List<string> warnings, CancellationToken cancellationToken)
    {
        var emails = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var atEnterprise = !string.IsNullOrWhiteSpace(options.Enterprise);
        var owner = atEnterprise ? $"enterprise {options.Enterprise}" : $"organization {options.Organization}";
        var noEmail = 0;
        string? cursor = null;
        do
        {
            object request = atEnterprise
                ? new { query = EnterpriseQuery, variables = new { slug = options.Enterprise, cursor } }
                : new { query = OrganizationQuery, variables = new { org = options.Organization, cursor } };
            var reply = (await api.PostJsonAsync<GraphQlReply>(api.Url("graphql"), request, cancellationToken)).Body;
            if (reply.Errors is { Count: > 0 } errors)
            {
                var messages = string.Join("; ", errors.Select(e => e.Message));
                // GraphQL answers 200 with errors; FORBIDDEN there is what 403 is elsewhere.
                throw new SourceFailedException(SourceName, errors.Any(e => e.Type == "FORBIDDEN")
                    ? $"the token may not read the {owner}'s SAML identities ({messages}); check Sources__github__Token ({Profile.TokenHint})"
                    : errors.Any(e => e.Type == "NOT_FOUND") && atEnterprise
                        ? $"POST /graphql found no {owner} ({messages}); check Sources__github__Enterprise (the enterprise's slug, as in github.com/enterprises/<slug>)"
                        : $"POST /graphql (SAML identities) answered: {messages}");
            }

            var provider = atEnterprise ? reply.Data?.Enterprise?.OwnerInfo?.SamlIdentityProvider : reply.Data?.Organization?.SamlIdentityProvider;
            if (provider?.ExternalIdentities is not { } identities)
            {
                warnings.Add(atEnterprise
                    ? $"{owner} has no SAML single sign-on, so GitHub logins cannot be joined with Entra ID: every account is unmatched"
                    : $"{owner} has no SAML single sign-on, so GitHub logins cannot be joined with Entra ID: every account is unmatched (if SAML is configured at the enterprise, set Sources__github__Enterprise)");
                return emails;
            }

            foreach (var node in identities.Nodes ?? [])
            {
                if (node.User?.Login is not { Length: > 0 } login)
                {
                    continue;
                }

                if (EmailOf(node) is { } email)
                {
                    emails[login] = email;
                }
                else
                {
                    noEmail++;
                }
            }

            cursor = identities.PageInfo?.HasNextPage == true ? identities.PageInfo.EndCursor : null;
        }
        while (cursor is not null);

        if (noEmail > 0)
        {
            warnings.Add($"{noEmail} linked identities of the {owner} have a SAML NameID that is no email and no SAML or SCIM email either; those accounts are unmatched");
        }

        return emails;
    }

    /// <summary>
    /// The email a linked identity names: the SAML NameID when it is an address (the usual Entra ID setup); else the
    /// SAML attributes' emails, then SCIM's (primary first), then a SCIM user name that is an address. A NameID
    /// such as an employee number or an object id joins nothing, so it is never used as a key.
    /// </summary>
    private static string? EmailOf(GraphQlIdentity node)
    {
        static bool IsEmail(string? value) => value is { Length: > 2 } v && v.IndexOf('@', StringComparison.Ordinal) > 0;
        static string? Pick(List<GraphQlEmail>? emails) =>
            emails?.Where(e => IsEmail(e.Value)).OrderByDescending(e => e.Primary == true).Select(e => e.Value).FirstOrDefault();

        return IsEmail(node.SamlIdentity?.NameId) ? node.SamlIdentity!.NameId
            : Pick(node.SamlIdentity?.Emails) ?? Pick(node.ScimIdentity?.Emails)
            ?? (IsEmail(node.ScimIdentity?.Username) ? node.ScimIdentity!.Username : null);
    }

    private static async Task<Dictionary<string, CopilotSeat>> ReadCopilotSeatsAsync(VendorApi api, string org, string size, CancellationToken cancellationToken)
    {
        var seats = new Dictionary<string, CopilotSeat>(StringComparer.OrdinalIgnoreCase);
        for (var next = api.Url($"orgs/{org}/copilot/billing/seats?per_page={size}"); next is not null;)
        {
            var page = await api.GetAsync<CopilotSeatPage>(next, cancellationToken);
            foreach (var seat in page.Body.Seats ?? [])
            {
                // A seat pending cancellation was already given up (by reclaim or an admin): GitHub bills it to the end
                // of the cycle and then removes it, so it is no longer a seat anyone can reclaim.
                if (seat.Assignee?.Login is { Length: > 0 } login && seat.PendingCancellationDate is null)
                {
                    seats[login] = seat;
                }
            }

            next = page.NextLink;
        }

        return seats;
    }

    private sealed record GitHubUser
    {
        [JsonPropertyName("login")]
        public string? Login { get; init; }

        [JsonPropertyName("id")]
        public long Id { get; init; }
    }

    private sealed record CopilotSeatPage
    {
        [JsonPropertyName("total_seats")]
        public int TotalSeats { get; init; }

        [JsonPropertyName("seats")]
        public List<CopilotSeat>? Seats { get; init; }
    }

    private sealed record CopilotSeat
    {
        [JsonPropertyName("created_at")]
        public DateTimeOffset? CreatedAt { get; init; }

        /// <summary>A date (<c>yyyy-MM-dd</c>) when the seat was cancelled; null otherwise.</summary>
        [JsonPropertyName("pending_cancellation_date")]
        public string? PendingCancellationDate { get; init; }

        [JsonPropertyName("last_activity_at")]
        public DateTimeOffset? LastActivityAt { get; init; }

        [JsonPropertyName("last_authenticated_at")]
        public DateTimeOffset? LastAuthenticatedAt { get; init; }

        [JsonPropertyName("plan_type")]
        public string? PlanType { get; init; }

        [JsonPropertyName("assignee")]
        public GitHubUser? Assignee { get; init; }
    }

    private sealed record GraphQlReply
    {
        [JsonPropertyName("data")]
        public GraphQlData? Data { get; init; }

        [JsonPropertyName("errors")]
        public List<GraphQlError>? Errors { get; init; }
    }

    private sealed record GraphQlError(
        [property: JsonPropertyName("type")] string? Type,
        [property: JsonPropertyName("message")] string? Message);

    private sealed record GraphQlData(
        [property: JsonPropertyName("organization")] GraphQlOrganization? Organization,
        [property: JsonPropertyName("enterprise")] GraphQlEnterprise? Enterprise);

    private sealed record GraphQlEnterprise([property: JsonPropertyName("ownerInfo")] GraphQlOrganization? OwnerInfo);

    private sealed record GraphQlOrganization([property: JsonPropertyName("samlIdentityProvider")] GraphQlProvider? SamlIdentityProvider);

    private sealed record GraphQlProvider([property: JsonPropertyName("externalIdentities")] GraphQlIdentities? ExternalIdentities);

    private sealed record GraphQlIdentities(
        [property: JsonPropertyName("pageInfo")] GraphQlPageInfo? PageInfo,
        [property: JsonPropertyName("nodes")] List<GraphQlIdentity>? Nodes);

    private sealed record GraphQlPageInfo(
        [property: JsonPropertyName("hasNextPage")] bool HasNextPage,
        [property: JsonPropertyName("endCursor")] string? EndCursor);

    private sealed record GraphQlIdentity(
        [property: JsonPropertyName("samlIdentity")] GraphQlAttributes? SamlIdentity,
        [property: JsonPropertyName("scimIdentity")] GraphQlAttributes? ScimIdentity,
        [property: JsonPropertyName("user")] GitHubLogin? User);

    private sealed record GraphQlAttributes(
        [property: JsonPropertyName("nameId")] string? NameId,
        [property: JsonPropertyName("username")] string? Username,
        [property: JsonPropertyName("emails")] List<GraphQlEmail>? Emails);

    private sealed record GraphQlEmail(
        [property: JsonPropertyName("value")] string? Value,
        [property: JsonPropertyName("primary")] bool? Primary);

    private sealed record GitHubLogin([property: JsonPropertyName("login")] string? Login);
}
