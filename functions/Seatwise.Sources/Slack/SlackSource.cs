using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Serialization;
using Seatwise.Core.Inventory;
using Seatwise.Sources.Vendors;

namespace Seatwise.Sources.Slack;

/// <summary>Settings under <c>Sources__slack__</c>.</summary>
public sealed class SlackOptions : VendorOptions
{
    public const string Section = "Sources:slack";

    public SlackOptions() => BaseUrl = "https://slack.com/api";

    /// <summary>Slack's SCIM API, which reclaim deactivates and reactivates members with (Business+ or Enterprise Grid).</summary>
    public string ScimBaseUrl { get; set; } = "https://api.slack.com/scim/v2";

    /// <summary>The product key a billable member's seat gets (Slack's user list does not name the plan).</summary>
    public string ProductKey { get; set; } = "billable";

    /// <summary><c>limit</c> of users.list and team.billableInfo; Slack recommends no more than 200.</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 200;

    /// <summary><c>count</c> of team.accessLogs (at most 1000; Slack serves 100 pages per query).</summary>
    [Range(1, 1000)]
    public int AccessLogPageSize { get; set; } = 1000;
}

/// <summary>
/// The <c>slack</c> source: <c>users.list</c> (who exists, deleted, guest, bot), <c>team.billableInfo</c> (whom Slack
/// bills: a seat) and <c>team.accessLogs</c> (the last access per user: activity). Cursor paging for the first two,
/// page numbers (and <c>before</c> past page 100) for the access logs. Slack answers errors as <c>ok: false</c> with
/// HTTP 200, and throttles with 429 and Retry-After.
/// </summary>
public sealed class SlackSource(HttpClient http, SlackOptions options, IdentityKeys identityKeys) : IInventorySource
{
    public const string SourceName = SourceNames.Slack;

    public static readonly VendorProfile Profile = new()
    {
        Source = SourceName,
        Vendor = "Slack",
        TokenHint = "a user token (xoxp-) of a Workspace Admin or Owner with scopes users:read, users:read.email and admin",
        ErrorMessage = body => body.TryGetProperty("error", out var e) ? e.GetString() : null,
    };

    private static readonly HashSet<string> TokenErrors = new(StringComparer.Ordinal)
    {
        "not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired", "no_permission", "missing_scope", "not_allowed_token_type", "ekm_access_denied",
    };

    public string Name => SourceName;

    public async Task<SourceResult> CollectAsync(ISnapshotWriter writer, CancellationToken cancellationToken)
    {
        var api = new VendorApi(http, options, Profile);
        api.RequireSettings();
        var size = options.PageSize.ToString(CultureInfo.InvariantCulture);
        var warnings = new List<string>();
        var billable = await ReadBillableAsync(api, size, cancellationToken);
        var lastAccess = await ReadAccessLogsAsync(api, options.AccessLogPageSize, warnings, cancellationToken);
        if (lastAccess is null)
        {
            writer.SetProperty("activityKnown", "false");
        }

        var accounts = 0;
        var seats = 0;
        string? cursor = null;
        do
        {
            var page = await CallAsync<UserPage>(api, $"users.list?limit={size}" + Cursor(cursor), cancellationToken);
            foreach (var member in page.Members ?? [])
            {
                // Bots and Slackbot are not people; free single-channel guests are accounts that team.billableInfo does not bill.
                if (member.Id is null || member.IsBot || member.IsAppUser || member.Id == "USLACKBOT" || member.Profile?.Email is not { Length: > 0 } email)
                {
                    continue;
                }

                var account = new Account
                {
                    Source = SourceName,
                    AccountId = member.Id,
                    IdentityKey = identityKeys.Normalize(email),
                    DisplayName = member.Profile.RealName ?? member.RealName ?? member.Name,
                    Enabled = !member.Deleted,
                    // Not in the access logs: never signed in (GetValueOrDefault would say 0001-01-01).
                    LastActiveAt = lastAccess is not null && lastAccess.TryGetValue(member.Id, out var at) ? at : null,
                    UserType = member.IsUltraRestricted ? "single-channel-guest" : member.IsRestricted ? "multi-channel-guest" : "member",
                };
                IReadOnlyList<SeatAssignment> held = !member.Deleted && billable.Contains(member.Id) ? [new SeatAssignment(options.ProductKey)] : [];
                seats += held.Count;
                accounts++;
                await writer.WriteAsync(SnapshotParts.Seats, new AccountSeats(account, held), cancellationToken);
            }

            cursor = page.Metadata?.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor));

        await writer.WriteAsync(SnapshotParts.Products, new Product(SourceName, options.ProductKey, "Slack billable members", ConsumedUnits: seats), cancellationToken);
        return new SourceResult
        {
            Source = SourceName,
            Accounts = accounts,
            Seats = seats,
            Products = 1,
            ActivityKnown = lastAccess is not null,
            Requests = api.Requests,
            Warnings = warnings,
        };
    }

    private static string Cursor(string? cursor) => string.IsNullOrEmpty(cursor) ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor);

    /// <summary>The ids Slack bills (<c>billing_active: true</c>).</summary>
    private static async Task<HashSet<string>> ReadBillableAsync(VendorApi api, string size, CancellationToken cancellationToken)
    {
        var billable = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await CallAsync<BillablePage>(api, $"team.billableInfo?limit={size}" + Cursor(cursor), cancellationToken);
            foreach (var (id, info) in page.BillableInfo ?? [])
            {
                if (info.BillingActive)
                {
                    billable.Add(id);
                }
            }

            cursor = page.Metadata?.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor));

        return billable;
    }

    /// <summary>
    /// The latest <c>date_last</c> per user. Slack serves at most 100 pages per query; past that the next query
    /// asks for entries up to (<c>before</c>) the oldest one seen. Null when the workspace's plan has no access logs.
    /// </summary>
    private static async Task<Dictionary<string, DateTimeOffset>?> ReadAccessLogsAsync(VendorApi api, int count, List<string> warnings, CancellationToken cancellationToken)
    {
        var last = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        long? before = null;
        while (true)
        {
            long oldest = long.MaxValue;
            var pages = 1;
            for (var number = 1; number <= Math.Min(pages, 100); number++)
            {
                var path = $"team.accessLogs?count={count.ToString(CultureInfo.InvariantCulture)}&page={number.ToString(CultureInfo.InvariantCulture)}" +
                    (before is null ? string.Empty : "&before=" + before.Value.ToString(CultureInfo.InvariantCulture));
                AccessLogPage page;
                try
                {
                    page = await CallAsync<AccessLogPage>(api, path, cancellationToken);
                }
                catch (SlackErrorException ex) when (ex.Error == "paid_only")
                {
                    warnings.Add("this Slack plan has no access logs (team.accessLogs: paid_only), so seat activity is unknown");
                    return null;
                }

                foreach (var login in page.Logins ?? [])
                {
                    if (login.UserId is null)
                    {
                        continue;
                    }

                    oldest = Math.Min(oldest, login.DateLast);
                    var at = DateTimeOffset.FromUnixTimeSeconds(login.DateLast);
                    if (!last.TryGetValue(login.UserId, out var known) || at > known)
                    {
                        last[login.UserId] = at;
                    }
                }

                pages = page.Paging?.Pages ?? 1;
            }

            // before is inclusive: entries at the oldest second seen are read again rather than lost, and the
            // latest-per-user merge makes the repeat harmless. No progress means nothing older is left.
            if (pages <= 100 || oldest == long.MaxValue || oldest == before)
            {
                return last;
            }

            before = oldest;
        }
    }

    private static async Task<T> CallAsync<T>(VendorApi api, string method, CancellationToken cancellationToken)
        where T : SlackReply
    {
        var reply = (await api.GetAsync<T>(api.Url(method), cancellationToken)).Body;
        if (reply.Ok)
        {
            return reply;
        }

        var name = method.Split('?')[0];
        if (reply.Error is { } error && TokenErrors.Contains(error))
        {
            throw new SourceFailedException(SourceName, $"the token was refused by {name} ({error}{(reply.Needed is null ? string.Empty : ", needs " + reply.Needed)}); check Sources__slack__Token ({Profile.TokenHint})");
        }

        throw new SlackErrorException(name, reply.Error ?? "unknown_error");
    }

    private sealed class SlackErrorException(string method, string error)
        : SourceFailedException(SlackSource.SourceName, $"{method} answered ok: false ({error})")
    {
        public string Error { get; } = error;
    }

    private abstract record SlackReply
    {
        [JsonPropertyName("ok")]
        public bool Ok { get; init; }

        [JsonPropertyName("error")]
        public string? Error { get; init; }

        [JsonPropertyName("needed")]
        public string? Needed { get; init; }

        [JsonPropertyName("response_metadata")]
        public ResponseMetadata? Metadata { get; init; }
    }

    private sealed record ResponseMetadata([property: JsonPropertyName("next_cursor")] string? NextCursor);

    private sealed record UserPage : SlackReply
    {
        [JsonPropertyName("members")]
        public List<SlackUser>? Members { get; init; }
    }

    private sealed record SlackUser
    {
        [JsonPropertyName("id")]
        public string? Id { get; init; }

        [JsonPropertyName("name")]
        public string? Name { get; init; }

        [JsonPropertyName("real_name")]
        public string? RealName { get; init; }

        [JsonPropertyName("deleted")]
        public bool Deleted { get; init; }

        [JsonPropertyName("is_bot")]
        public bool IsBot { get; init; }

        [JsonPropertyName("is_app_user")]
        public bool IsAppUser { get; init; }

        [JsonPropertyName("is_restricted")]
        public bool IsRestricted { get; init; }

        [JsonPropertyName("is_ultra_restricted")]
        public bool IsUltraRestricted { get; init; }

        [JsonPropertyName("profile")]
        public SlackProfile? Profile { get; init; }
    }

    private sealed record SlackProfile(
        [property: JsonPropertyName("email")] string? Email,
        [property: JsonPropertyName("real_name")] string? RealName);

    private sealed record BillablePage : SlackReply
    {
        [JsonPropertyName("billable_info")]
        public Dictionary<string, BillableInfo>? BillableInfo { get; init; }
    }

    private sealed record BillableInfo([property: JsonPropertyName("billing_active")] bool BillingActive);

    private sealed record AccessLogPage : SlackReply
    {
        [JsonPropertyName("logins")]
        public List<AccessLog>? Logins { get; init; }

        [JsonPropertyName("paging")]
        public Paging? Paging { get; init; }
    }

    private sealed record AccessLog(
        [property: JsonPropertyName("user_id")] string? UserId,
        [property: JsonPropertyName("date_last")] long DateLast);

    private sealed record Paging([property: JsonPropertyName("pages")] int Pages);
}
