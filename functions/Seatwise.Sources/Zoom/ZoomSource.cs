using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Serialization;
using Seatwise.Core.Inventory;
using Seatwise.Sources.Vendors;

namespace Seatwise.Sources.Zoom;

/// <summary>Settings under <c>Sources__zoom__</c>.</summary>
public sealed class ZoomOptions : VendorOptions
{
    public const string Section = "Sources:zoom";

    public ZoomOptions() => BaseUrl = "https://api.zoom.us/v2";

    /// <summary>The Zoom account id of a Server-to-Server OAuth app, for the client-credentials token (with ClientId/ClientSecret).</summary>
    public string? AccountId { get; set; }

    public string TokenUrl { get; set; } = "https://zoom.us/oauth/token";

    /// <summary>The product key licensed users' seats get (Zoom's user list does not name the plan).</summary>
    public string ProductKey { get; set; } = "licensed";

    [Range(1, 300)]
    public int PageSize { get; set; } = 300;
}

/// <summary>
/// The <c>zoom</c> source: <c>GET /users?status=active</c>, paged with <c>next_page_token</c>. A seat is an active
/// user of type 2 (Licensed); activity is <c>last_login_time</c>.
/// </summary>
public sealed class ZoomSource(HttpClient http, ZoomOptions options, IdentityKeys identityKeys) : IInventorySource
{
    public const string SourceName = SourceNames.Zoom;
    public const int LicensedType = 2;

    public static readonly VendorProfile Profile = new()
    {
        Source = SourceName,
        Vendor = "Zoom",
        TokenHint = "a Server-to-Server OAuth app with scope user:read:list_users:admin",
        // Server-to-Server OAuth: POST {TokenUrl}?grant_type=account_credentials&account_id=..., client id and secret as Basic.
        ClientCredentials = o =>
        {
            var zoom = (ZoomOptions)o;
            var request = new HttpRequestMessage(HttpMethod.Post, $"{zoom.TokenUrl}?grant_type=account_credentials&account_id={Uri.EscapeDataString(zoom.AccountId ?? string.Empty)}");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{zoom.ClientId}:{zoom.ClientSecret}")));
            return request;
        },
    };

    public string Name => SourceName;

    public async Task<SourceResult> CollectAsync(ISnapshotWriter writer, CancellationToken cancellationToken)
    {
        var api = new VendorApi(http, options, Profile);
        api.RequireSettings();
        if (string.IsNullOrWhiteSpace(options.Token) && string.IsNullOrWhiteSpace(options.AccountId))
        {
            throw new SourceNotConfiguredException(SourceName, "Sources__zoom__AccountId is not set (the Account ID of the Server-to-Server OAuth app, next to its client id)");
        }

        var accounts = 0;
        var seats = 0;
        string? token = null;
        do
        {
            var url = api.Url($"users?status=active&page_size={options.PageSize.ToString(CultureInfo.InvariantCulture)}" +
                (token is null ? string.Empty : "&next_page_token=" + Uri.EscapeDataString(token)));
            var page = (await api.GetAsync<UserPage>(url, cancellationToken)).Body;
            foreach (var user in page.Users ?? [])
            {
                if (string.IsNullOrWhiteSpace(user.Email))
                {
                    continue;
                }

                accounts++;
                var account = new Account
                {
                    Source = SourceName,
                    AccountId = user.Id ?? user.Email,
                    IdentityKey = identityKeys.Normalize(user.Email),
                    DisplayName = user.DisplayName ?? user.Email,
                    Enabled = user.Status == "active",
                    // Zoom's created_at moves when the login type changes (e.g. a move to SSO); user_created_at is
                    // when the account was created, which is what a joiner's grace is measured from.
                    CreatedAt = user.UserCreatedAt ?? user.CreatedAt,
                    LastActiveAt = user.LastLoginTime,
                };
                IReadOnlyList<SeatAssignment> held = user.Type == LicensedType ? [new SeatAssignment(options.ProductKey)] : [];
                seats += held.Count;
                await writer.WriteAsync(SnapshotParts.Seats, new AccountSeats(account, held), cancellationToken);
            }

            token = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        }
        while (token is not null);

        await writer.WriteAsync(SnapshotParts.Products, new Product(SourceName, options.ProductKey, ConsumedUnits: seats), cancellationToken);
        return new SourceResult { Source = SourceName, Accounts = accounts, Seats = seats, Products = 1, Requests = api.Requests };
    }

    private sealed record UserPage
    {
        [JsonPropertyName("next_page_token")]
        public string? NextPageToken { get; init; }

        [JsonPropertyName("users")]
        public List<ZoomUser>? Users { get; init; }
    }

    private sealed record ZoomUser
    {
        [JsonPropertyName("id")]
        public string? Id { get; init; }

        [JsonPropertyName("email")]
        public string? Email { get; init; }

        [JsonPropertyName("display_name")]
        public string? DisplayName { get; init; }

        [JsonPropertyName("type")]
        public int Type { get; init; }

        [JsonPropertyName("status")]
        public string? Status { get; init; }

        [JsonPropertyName("last_login_time")]
        public DateTimeOffset? LastLoginTime { get; init; }

        /// <summary>Zoom documents it as the time the user's latest login type was created.</summary>
        [JsonPropertyName("created_at")]
        public DateTimeOffset? CreatedAt { get; init; }

        [JsonPropertyName("user_created_at")]
        public DateTimeOffset? UserCreatedAt { get; init; }
    }
}
