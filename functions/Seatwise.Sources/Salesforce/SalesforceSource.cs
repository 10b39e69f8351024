using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Seatwise.Core.Inventory;
using Seatwise.Sources.Vendors;

namespace Seatwise.Sources.Salesforce;

/// <summary>Settings under <c>Sources__salesforce__</c>.</summary>
public sealed class SalesforceOptions : VendorOptions
{
    public const string Section = "Sources:salesforce";

    /// <summary>The REST API version, e.g. <c>v61.0</c>.</summary>
    [RegularExpression(@"^v\d+\.\d$")]
    public string ApiVersion { get; set; } = "v61.0";

    /// <summary>Records per page, sent as <c>Sforce-Query-Options: batchSize</c>; Salesforce treats it as a hint (200-2000).</summary>
    [Range(200, 2000, ErrorMessage = "Sources__salesforce__PageSize must be from 200 to 2,000: Salesforce's documented batchSize range (Sforce-Query-Options).")]
    public int PageSize { get; set; } = 2000;

    /// <summary>The OAuth token endpoint for ClientId/ClientSecret; default <c>{BaseUrl}/services/oauth2/token</c>.</summary>
    public string? TokenUrl { get; set; }

    // BaseUrl has no default: every org has its own instance URL (https://<domain>.my.salesforce.com).
}

/// <summary>
/// The <c>salesforce</c> source: one SOQL query over REST (<c>GET /services/data/{version}/query</c>) for active
/// users with their licence (<c>Profile.UserLicense.Name</c>, the product key), <c>LastLoginDate</c> (activity) and
/// <c>CreatedDate</c>; paged by <c>nextRecordsUrl</c> until <c>done</c>.
/// </summary>
public sealed class SalesforceSource(HttpClient http, SalesforceOptions options, IdentityKeys identityKeys) : IInventorySource
{
    public const string SourceName = SourceNames.Salesforce;

    /// <summary>Deactivated users hold no licence in Salesforce, so only active users are read.</summary>
    public const string Soql =
        "SELECT Id, Username, Email, Name, IsActive, LastLoginDate, CreatedDate, Profile.UserLicense.Name FROM User WHERE IsActive = true ORDER BY Id";

    public static readonly VendorProfile Profile = new()
    {
        Source = SourceName,
        Vendor = "Salesforce",
        TokenHint = "a connected app with the client-credentials flow and scope api, run as an integration user with API Enabled and View Setup and Configuration",
        ClientCredentials = o => new HttpRequestMessage(HttpMethod.Post, ((SalesforceOptions)o).TokenUrl ?? o.BaseUrl.TrimEnd('/') + "/services/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = o.ClientId ?? string.Empty,
                ["client_secret"] = o.ClientSecret ?? string.Empty,
            }),
        },
        ErrorMessage = ErrorText,
        // 403 REQUEST_LIMIT_EXCEEDED is a spent API quota, not a refused token.
        RefusesToken = (status, body) => status == HttpStatusCode.Unauthorized ||
            (status == HttpStatusCode.Forbidden && body?.Contains("REQUEST_LIMIT_EXCEEDED", StringComparison.Ordinal) != true),
    };

    public string Name => SourceName;

    public async Task<SourceResult> CollectAsync(ISnapshotWriter writer, CancellationToken cancellationToken)
    {
        var api = new VendorApi(http, options, Profile with
        {
            Headers = new Dictionary<string, string> { ["Sforce-Query-Options"] = "batchSize=" + options.PageSize.ToString(CultureInfo.InvariantCulture) },
        });
        api.RequireSettings("the org's instance URL, e.g. https://contoso.my.salesforce.com");
        var accounts = 0;
        var byLicense = new Dictionary<string, int>(StringComparer.Ordinal);
        var next = api.Url($"services/data/{options.ApiVersion}/query?q={Uri.EscapeDataString(Soql)}");
        while (next is not null)
        {
            var page = (await api.GetAsync<QueryPage>(next, cancellationToken)).Body;
            foreach (var user in page.Records ?? [])
            {
                if (user.Id is null || string.IsNullOrWhiteSpace(user.Email ?? user.Username))
                {
                    continue;
                }

                var license = user.Profile?.UserLicense?.Name;
                IReadOnlyList<SeatAssignment> held = user.IsActive && license is { Length: > 0 } ? [new SeatAssignment(license)] : [];
                if (held.Count > 0)
                {
                    byLicense[license!] = byLicense.GetValueOrDefault(license!) + 1;
                }

                accounts++;
                await writer.WriteAsync(SnapshotParts.Seats, new AccountSeats(new Account
                {
                    Source = SourceName,
                    AccountId = user.Id,
                    // Usernames look like emails but are often suffixed (.sandbox); Email is the person's address.
                    IdentityKey = identityKeys.Normalize(user.Email ?? user.Username),
                    DisplayName = user.Name ?? user.Username,
                    Enabled = user.IsActive,
                    CreatedAt = user.CreatedDate,
                    LastActiveAt = user.LastLoginDate,
                }, held), cancellationToken);
            }

            next = page.Done || string.IsNullOrEmpty(page.NextRecordsUrl) ? null : api.Url(page.NextRecordsUrl);
        }

        foreach (var (license, seats) in byLicense.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            await writer.WriteAsync(SnapshotParts.Products, new Product(SourceName, license, license, ConsumedUnits: seats), cancellationToken);
        }

        return new SourceResult { Source = SourceName, Accounts = accounts, Seats = byLicense.Values.Sum(), Products = byLicense.Count, Requests = api.Requests };
    }

    /// <summary>Salesforce errors are an array of <c>{ message, errorCode }</c>.</summary>
    private static string? ErrorText(JsonElement body) =>
        body.ValueKind == JsonValueKind.Array && body.GetArrayLength() > 0 && body[0].ValueKind == JsonValueKind.Object
            ? $"{(body[0].TryGetProperty("errorCode", out var code) ? code.GetString() : null)} {(body[0].TryGetProperty("message", out var m) ? m.GetString() : null)}".Trim()
            : null;

    private sealed record QueryPage
    {
        [JsonPropertyName("done")]
        public bool Done { get; init; } = true;

        [JsonPropertyName("nextRecordsUrl")]
        public string? NextRecordsUrl { get; init; }

        [JsonPropertyName("records")]
        public List<SalesforceUser>? Records { get; init; }
    }

    private sealed record SalesforceUser
    {
        [JsonPropertyName("Id")]
        public string? Id { get; init; }

        [JsonPropertyName("Username")]
        public string? Username { get; init; }

        [JsonPropertyName("Email")]
        public string? Email { get; init; }

        [JsonPropertyName("Name")]
        public string? Name { get; init; }

        [JsonPropertyName("IsActive")]
        public bool IsActive { get; init; }

        [JsonPropertyName("LastLoginDate")]
        [JsonConverter(typeof(SalesforceDateTimeConverter))]
        public DateTimeOffset? LastLoginDate { get; init; }

        [JsonPropertyName("CreatedDate")]
        [JsonConverter(typeof(SalesforceDateTimeConverter))]
        public DateTimeOffset? CreatedDate { get; init; }

        [JsonPropertyName("Profile")]
        public SalesforceProfile? Profile { get; init; }
    }

    /// <summary>Salesforce writes <c>2026-01-15T10:30:00.000+0000</c>: an offset without the colon System.Text.Json requires.</summary>
    private sealed class SalesforceDateTimeConverter : JsonConverter<DateTimeOffset?>
    {
        public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            var text = reader.GetString() ?? string.Empty;
            if (text.Length > 5 && text[^5] is '+' or '-' && text[^4..].All(char.IsAsciiDigit))
            {
                text = text[..^2] + ":" + text[^2..];
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
                ? value.ToUniversalTime()
                : throw new JsonException($"'{reader.GetString()}' is not a Salesforce date-time");
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture));
    }

    private sealed record SalesforceProfile([property: JsonPropertyName("UserLicense")] SalesforceLicense? UserLicense);

    private sealed record SalesforceLicense([property: JsonPropertyName("Name")] string? Name);
}
