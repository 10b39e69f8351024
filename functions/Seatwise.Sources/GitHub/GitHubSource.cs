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
        TokenHint = "an organization owner's classic token with read:org, admin:org (SAML identities) and manage_billing:copilot, or a GitHub App token with organization permissions Members, Administration and GitHub Copilot Business: read",
        Headers = new Dictionary<string, string> { ["Accept"] = "application/vnd.github+json", ["X-GitHub-Api-Version"] = "2022-11-28" },
    };

    private const string IdentitiesQuery =
        "query($org: String!, $cursor: String) { organization(login: $org) { samlIdentityProvider { externalIdentities(first: 100, after: $cursor) { " +
        "pageInfo { hasNextPage endCursor } nodes { samlIdentity { nameId } user { login } } } } } }";

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
        var unlinked = 0;
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

                unlinked += emails.ContainsKey(member.Login!) ? 0 : 1;
                await writer.WriteAsync(SnapshotParts.Seats, new AccountSeats(Account(member, emails), held), cancellationToken);
                accounts++;
                members++;
            }

            next = page.NextLink;
        }

        // Copilot can stay assigned to someone who left the organization: the seat is billed until it is cancelled.
        foreach (var seat in copilot.Values)
        {
            unlinked += emails.ContainsKey(seat.Assignee!.Login!) ? 0 : 1;
            await writer.WriteAsync(SnapshotParts.Seats, new AccountSeats(Account(seat.Assignee, emails), [ToSeat(seat)]), cancellationToken);
            accounts++;
        }

        if (unlinked > 0 && emails.Count > 0)
        {
            warnings.Add($"{unlinked} of {accounts} GitHub accounts have no linked SAML identity; they are keyed by login and show as unknown to Entra ID");
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
            Requests = api.Requests,
            Warnings = warnings,
        };
    }

    private Account Account(GitHubUser user, Dictionary<string, string> emails) => new()
    {
        Source = SourceName,
        AccountId = user.Id.ToString(CultureInfo.InvariantCulture),
        // Without a SAML identity the login is all there is; it joins nothing in Entra ID, which is the truth.
        IdentityKey = emails.TryGetValue(user.Login!, out var email) ? identityKeys.Normalize(email) : user.Login!.ToLowerInvariant(),
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

    /// <summary>login → SAML NameID (the corporate email) for every linked identity; empty when the organization has no SAML SSO.</summary>
    private async Task<Dictionary<string, string>> ReadIdentitiesAsync(VendorApi api, List<string> warnings, CancellationToken cancellationToken)
    {
        var emails = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? cursor = null;
        do
        {
            var reply = (await api.PostJsonAsync<GraphQlReply>(api.Url("graphql"), new { query = IdentitiesQuery, variables = new { org = options.Organization, cursor } }, cancellationToken)).Body;
            if (reply.Errors is { Count: > 0 } errors)
            {
                var messages = string.Join("; ", errors.Select(e => e.Message));
                // GraphQL answers 200 with errors; FORBIDDEN there is what 403 is elsewhere.
                throw new SourceFailedException(SourceName, errors.Any(e => e.Type == "FORBIDDEN")
                    ? $"the token may not read the organization's SAML identities ({messages}); check Sources__github__Token ({Profile.TokenHint})"
                    : $"POST /graphql (SAML identities) answered: {messages}");
            }

            var provider = reply.Data?.Organization?.SamlIdentityProvider;
            if (provider?.ExternalIdentities is not { } identities)
            {
                warnings.Add($"organization {options.Organization} has no SAML single sign-on, so GitHub logins cannot be joined with Entra ID: every seat shows as unknown to Entra");
                return emails;
            }

            foreach (var node in identities.Nodes ?? [])
            {
                if (node.User?.Login is { Length: > 0 } login && node.SamlIdentity?.NameId is { Length: > 0 } nameId)
                {
                    emails[login] = nameId;
                }
            }

            cursor = identities.PageInfo?.HasNextPage == true ? identities.PageInfo.EndCursor : null;
        }
        while (cursor is not null);

        return emails;
    }

    private static async Task<Dictionary<string, CopilotSeat>> ReadCopilotSeatsAsync(VendorApi api, string org, string size, CancellationToken cancellationToken)
    {
        var seats = new Dictionary<string, CopilotSeat>(StringComparer.OrdinalIgnoreCase);
        for (var next = api.Url($"orgs/{org}/copilot/billing/seats?per_page={size}"); next is not null;)
        {
            var page = await api.GetAsync<CopilotSeatPage>(next, cancellationToken);
            foreach (var seat in page.Body.Seats ?? [])
            {
                if (seat.Assignee?.Login is { Length: > 0 } login)
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

    private sealed record GraphQlData([property: JsonPropertyName("organization")] GraphQlOrganization? Organization);

    private sealed record GraphQlOrganization([property: JsonPropertyName("samlIdentityProvider")] GraphQlProvider? SamlIdentityProvider);

    private sealed record GraphQlProvider([property: JsonPropertyName("externalIdentities")] GraphQlIdentities? ExternalIdentities);

    private sealed record GraphQlIdentities(
        [property: JsonPropertyName("pageInfo")] GraphQlPageInfo? PageInfo,
        [property: JsonPropertyName("nodes")] List<GraphQlIdentity>? Nodes);

    private sealed record GraphQlPageInfo(
        [property: JsonPropertyName("hasNextPage")] bool HasNextPage,
        [property: JsonPropertyName("endCursor")] string? EndCursor);

    private sealed record GraphQlIdentity(
        [property: JsonPropertyName("samlIdentity")] GraphQlSaml? SamlIdentity,
        [property: JsonPropertyName("user")] GitHubLogin? User);

    private sealed record GraphQlSaml([property: JsonPropertyName("nameId")] string? NameId);

    private sealed record GitHubLogin([property: JsonPropertyName("login")] string? Login);
}
