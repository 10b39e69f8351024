using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Seatwise.Core.Inventory;

namespace Seatwise.Sources.Zoom;

/// <summary>Settings under <c>Sources__zoom__</c>.</summary>
public sealed class ZoomOptions
{
    public const string Section = "Sources:zoom";

    [Required]
    public string BaseUrl { get; set; } = "https://api.zoom.us/v2";

    /// <summary>A Server-to-Server OAuth access token with scope <c>user:read:list_users:admin</c>; a Key Vault reference in Azure.</summary>
    public string? Token { get; set; }

    /// <summary>The product key licensed users' seats get (Zoom's user list does not name the plan).</summary>
    public string ProductKey { get; set; } = "licensed";

    [Range(1, 300)]
    public int PageSize { get; set; } = 300;

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    [Range(0, 60)]
    public double RetryDelaySeconds { get; set; } = 2;

    [Range(1, 600)]
    public int MaxRetryAfterSeconds { get; set; } = 60;
}

/// <summary>
/// The <c>zoom</c> source: <c>GET /users?status=active</c>, paged with <c>next_page_token</c>. A seat is an active
/// user of type 2 (Licensed); activity is <c>last_login_time</c>. 429 and 5xx are retried (Retry-After honoured up
/// to a limit); a refused token fails the source with what to check.
/// </summary>
public sealed class ZoomSource(HttpClient http, ZoomOptions options, IdentityKeys identityKeys) : IInventorySource
{
    public const string SourceName = "zoom";
    public const int LicensedType = 2;

    public string Name => SourceName;

    public async Task<SourceResult> CollectAsync(ISnapshotWriter writer, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Token) || options.Token.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            throw new SourceFailedException(SourceName, "Sources__zoom__Token is not set (a Server-to-Server OAuth token with scope user:read:list_users:admin)");
        }

        var accounts = 0;
        var seats = 0;
        var requests = 0;
        string? token = null;
        do
        {
            var url = $"{options.BaseUrl.TrimEnd('/')}/users?status=active&page_size={options.PageSize.ToString(CultureInfo.InvariantCulture)}" +
                (token is null ? string.Empty : "&next_page_token=" + Uri.EscapeDataString(token));
            var (page, sent) = await GetPageAsync(url, cancellationToken);
            requests += sent;
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
                    CreatedAt = user.CreatedAt,
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
        return new SourceResult { Source = SourceName, Accounts = accounts, Seats = seats, Products = 1, Requests = requests };
    }

    private async Task<(UserPage Page, int Requests)> GetPageAsync(string url, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new SourceFailedException(SourceName, $"the Zoom API at {new Uri(url).Host} could not be reached: {ex.HttpRequestError}", ex);
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    var page = await JsonSerializer.DeserializeAsync<UserPage>(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                    return (page ?? new UserPage(), attempt + 1);
                }

                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    throw new SourceFailedException(SourceName, $"the token was refused ({(int)response.StatusCode}{Message(body)}); check Sources__zoom__Token and its scope user:read:list_users:admin");
                }

                var retryable = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(options.RetryDelaySeconds * Math.Pow(2, attempt));
                if (!retryable || attempt >= options.MaxRetries || wait > TimeSpan.FromSeconds(options.MaxRetryAfterSeconds))
                {
                    throw new SourceFailedException(SourceName, $"GET /users answered {(int)response.StatusCode}{Message(body)}" + (retryable ? $" after {attempt + 1} attempts" : string.Empty));
                }

                await Task.Delay(wait, cancellationToken);
            }
        }
    }

    private static string Message(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.TryGetProperty("message", out var m) ? ": " + m.GetString() : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
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

        [JsonPropertyName("created_at")]
        public DateTimeOffset? CreatedAt { get; init; }
    }
}
