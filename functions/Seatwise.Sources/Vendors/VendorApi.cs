using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Seatwise.Sources.Vendors;

/// <summary>What every vendor API source is configured with, under <c>Sources__{name}__</c>.</summary>
public abstract class VendorOptions
{
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>The API token; in Azure a Key Vault reference the platform resolves before the app reads it.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// With <see cref="ClientSecret"/>, for vendors whose access tokens live an hour or two (Zoom, Salesforce): the
    /// source fetches a token with the OAuth client-credentials flow at the start of every collection, so nobody
    /// has to rotate one. Ignored when <see cref="Token"/> is set.
    /// </summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    [Range(0, 60)]
    public double RetryDelaySeconds { get; set; } = 2;

    /// <summary>A Retry-After (or rate-limit reset) further away than this fails the source instead of holding the run.</summary>
    [Range(1, 3600)]
    public int MaxRetryAfterSeconds { get; set; } = 60;
}

/// <summary>How one vendor's API tells its errors apart; everything else about calling it is shared.</summary>
public sealed record VendorProfile
{
    /// <summary>The source name, e.g. <c>slack</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The vendor as people say it, for messages: "the Slack API".</summary>
    public required string Vendor { get; init; }

    /// <summary>What the admin should check when the token is refused: the setting and the scope it needs.</summary>
    public required string TokenHint { get; init; }

    /// <summary>The vendor's own error text from an error body, or null.</summary>
    public Func<JsonElement, string?> ErrorMessage { get; init; } = DefaultErrorMessage;

    /// <summary>Whether a 401/403 means "this token may not do this" (as opposed to, e.g., a spent daily quota).</summary>
    public Func<HttpStatusCode, string?, bool> RefusesToken { get; init; } = (status, _) => status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    /// <summary>The vendor's client-credentials token request, when it has one; null when only a static token works.</summary>
    public Func<VendorOptions, HttpRequestMessage>? ClientCredentials { get; init; }

    /// <summary>
    /// Where tokens come from when no token or client secret is configured (Azure: the app's managed identity);
    /// null when the vendor needs one of those.
    /// </summary>
    public Func<CancellationToken, ValueTask<string>>? TokenSource { get; init; }

    /// <summary>
    /// Headers besides Retry-After that say how many seconds to wait after a 429 (Cost Management's per-quota
    /// headers); the longest one present counts.
    /// </summary>
    public IReadOnlyList<string> RetryAfterHeaders { get; init; } = [];

    /// <summary>Headers every request carries (API version, Accept).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    private static string? DefaultErrorMessage(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
}

/// <summary>One answer of a vendor API: the parsed body and the next page's URL when the vendor pages by Link header.</summary>
public sealed record VendorReply<T>(T Body, string? NextLink);

/// <summary>
/// Calls a vendor API the way every source must: Bearer token from configuration, 429 and 5xx retried with
/// back-off, Retry-After and GitHub-style rate-limit headers (<c>x-ratelimit-remaining: 0</c> with
/// <c>x-ratelimit-reset</c>) honoured up to a limit, a refused token turned into a reason naming the setting to
/// check, and the request count kept for the run. It never returns a partial answer: it returns a page or throws
/// <see cref="SourceFailedException"/>.
/// </summary>
public sealed class VendorApi(HttpClient http, VendorOptions options, VendorProfile profile, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public int Requests { get; private set; }

    /// <summary>Fails with what to set when the base URL or the credentials are missing, or are unresolved Key Vault references.</summary>
    public void RequireSettings(string? baseUrlHint = null)
    {
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("https" or "http"))
        {
            throw new SourceNotConfiguredException(profile.Source, string.IsNullOrWhiteSpace(options.BaseUrl)
                ? $"Sources__{profile.Source}__BaseUrl is not set ({baseUrlHint ?? "the API's base URL"})"
                : $"Sources__{profile.Source}__BaseUrl '{options.BaseUrl}' is not an http(s) URL");
        }

        if (Usable(options.Token) || UsesClientCredentials || profile.TokenSource is not null)
        {
            return;
        }

        // Bicep writes Key Vault references for both ways to authenticate; only one of them has to resolve.
        foreach (var (name, value) in new[] { ("Token", options.Token), ("ClientSecret", options.ClientSecret) })
        {
            if (IsKeyVaultReference(value))
            {
                throw new SourceFailedException(profile.Source, $"Sources__{profile.Source}__{name} is a Key Vault reference the platform did not resolve; check that the secret exists and the app's identity may read it");
            }
        }

        var alternative = profile.ClientCredentials is null ? string.Empty : $", or Sources__{profile.Source}__ClientId and __ClientSecret";
        throw new SourceNotConfiguredException(profile.Source, $"Sources__{profile.Source}__Token is not set{alternative} ({profile.TokenHint})");
    }

    private bool UsesClientCredentials => !Usable(options.Token) && profile.ClientCredentials is not null && !string.IsNullOrWhiteSpace(options.ClientId) && Usable(options.ClientSecret);

    private static bool IsKeyVaultReference(string? value) => value?.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true;

    private static bool Usable(string? value) => !string.IsNullOrWhiteSpace(value) && !IsKeyVaultReference(value);

    /// <summary>The URL of <paramref name="pathAndQuery"/> under the configured base URL.</summary>
    public string Url(string pathAndQuery) => options.BaseUrl.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/');

    public Task<VendorReply<T>> GetAsync<T>(string url, CancellationToken cancellationToken) =>
        SendAsync<T>(() => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);

    public Task<VendorReply<T>> PostJsonAsync<T>(string url, object body, CancellationToken cancellationToken) =>
        SendJsonAsync<T>(HttpMethod.Post, url, body, cancellationToken);

    /// <summary>Any method with a JSON body (reclaim's PATCH and DELETE), retried and explained like a read.</summary>
    public Task<VendorReply<T>> SendJsonAsync<T>(HttpMethod method, string url, object body, CancellationToken cancellationToken) =>
        SendAsync<T>(() => new HttpRequestMessage(method, url) { Content = System.Net.Http.Json.JsonContent.Create(body) }, cancellationToken);

    private async Task<VendorReply<T>> SendAsync<T>(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = create();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Seatwise", "1.0"));
            foreach (var (name, value) in profile.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            var what = $"{request.Method} {request.RequestUri!.AbsolutePath}";
            HttpResponseMessage response;
            Requests++;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new SourceFailedException(profile.Source, $"the {profile.Vendor} API at {request.RequestUri.Host} could not be reached: {ex.HttpRequestError}", ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SourceFailedException(profile.Source, $"{what} timed out after {http.Timeout.TotalSeconds:0} s", ex);
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    try
                    {
                        // 204 No Content: an API's way to say "nothing" (Cost Management for a scope without data).
                        var body = response.StatusCode == HttpStatusCode.NoContent
                            ? JsonSerializer.Deserialize<T>("{}", JsonOptions)
                            : await JsonSerializer.DeserializeAsync<T>(await response.Content.ReadAsStreamAsync(cancellationToken), JsonOptions, cancellationToken);
                        return new VendorReply<T>(body ?? throw new JsonException("empty body"), NextLink(response));
                    }
                    catch (JsonException ex)
                    {
                        throw new SourceFailedException(profile.Source, $"{what} answered {(int)response.StatusCode} with a body that is not the expected JSON ({ex.Message})", ex);
                    }
                }

                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                var message = ErrorText(text);
                var limited = RateLimitWait(response);
                if (limited is null && profile.RefusesToken(response.StatusCode, text))
                {
                    var setting = UsesClientCredentials ? $"the permissions of the app behind Sources__{profile.Source}__ClientId" : $"Sources__{profile.Source}__Token";
                    throw new SourceFailedException(profile.Source, $"the token was refused ({(int)response.StatusCode}{message}); check {setting} ({profile.TokenHint})");
                }

                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    // Vendors answer 404 for an id that does not exist and for one the token may not see (GitHub does so on purpose).
                    throw new SourceFailedException(profile.Source, $"{what} answered 404{message}: check the organization or instance in Sources__{profile.Source}__* and that the token can see it")
                    {
                        Status = response.StatusCode,
                    };
                }

                var retryable = limited is not null || response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
                var wait = limited ?? RetryAfter(response) ?? TimeSpan.FromSeconds(options.RetryDelaySeconds * Math.Pow(2, attempt));
                if (!retryable || attempt >= options.MaxRetries || wait > TimeSpan.FromSeconds(options.MaxRetryAfterSeconds))
                {
                    var why = !retryable ? string.Empty
                        : wait > TimeSpan.FromSeconds(options.MaxRetryAfterSeconds) ? $"; asked to wait {wait.TotalSeconds:0} s, more than Sources__{profile.Source}__MaxRetryAfterSeconds"
                        : $" after {attempt + 1} attempts";
                    throw new SourceFailedException(profile.Source, $"{what} answered {(int)response.StatusCode}{message}{why}") { Status = response.StatusCode };
                }

                await Task.Delay(wait, _time, cancellationToken);
            }
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private string? _token;

    /// <summary>The configured token, or one fetched once per collection with the vendor's client-credentials flow.</summary>
    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (_token is not null)
        {
            return _token;
        }

        if (!UsesClientCredentials)
        {
            // A token source's tokens expire on their own schedule: asked every time, it caches and renews them itself.
            return Usable(options.Token) || profile.TokenSource is null ? _token = options.Token ?? string.Empty : await profile.TokenSource(cancellationToken);
        }

        for (var attempt = 0; ; attempt++)
        {
            using var request = profile.ClientCredentials!(options);
            Requests++;
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new SourceFailedException(profile.Source, $"the {profile.Vendor} token endpoint at {request.RequestUri!.Host} could not be reached: {ex.HttpRequestError}", ex);
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode && ReadString(text, "access_token") is { Length: > 0 } token)
                {
                    return _token = token;
                }

                var retryable = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
                if (!retryable || attempt >= options.MaxRetries)
                {
                    var error = string.Join(": ", new[] { ReadString(text, "error"), ReadString(text, "error_description") ?? ReadString(text, "reason") }.Where(e => !string.IsNullOrEmpty(e)));
                    throw new SourceFailedException(profile.Source, $"the client credentials were refused by {request.RequestUri!.Host} ({(int)response.StatusCode}{(error.Length > 0 ? ": " + error : string.Empty)}); " +
                        $"check Sources__{profile.Source}__ClientId and __ClientSecret ({profile.TokenHint})");
                }

                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(options.RetryDelaySeconds * Math.Pow(2, attempt)), _time, cancellationToken);
            }
        }
    }

    private static string? ReadString(string json, string name) =>
        FromJson(json, root => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null);

    /// <summary>What <paramref name="read"/> finds in a body that may not be JSON at all (error pages often are not).</summary>
    private static string? FromJson(string json, Func<JsonElement, string?> read)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return read(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>GitHub signals an exhausted quota with 403/429 and <c>x-ratelimit-remaining: 0</c>; the wait is until <c>x-ratelimit-reset</c>.</summary>
    private TimeSpan? RateLimitWait(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
        {
            return null;
        }

        if (RetryAfter(response) is { } retryAfter)
        {
            return retryAfter;
        }

        if (Header(response, "x-ratelimit-remaining") != "0")
        {
            return null;
        }

        return long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset)
            ? TimeSpan.FromSeconds(Math.Max(0, reset - _time.GetUtcNow().ToUnixTimeSeconds()))
            : TimeSpan.FromSeconds(options.RetryDelaySeconds);
    }

    /// <summary>Retry-After as seconds or as an HTTP date (both are allowed by RFC 9110).</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
        _ => OwnRetryAfter(response),
    };

    private TimeSpan? OwnRetryAfter(HttpResponseMessage response)
    {
        TimeSpan? longest = null;
        foreach (var name in profile.RetryAfterHeaders)
        {
            if (double.TryParse(Header(response, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 &&
                (longest is null || seconds > longest.Value.TotalSeconds))
            {
                longest = TimeSpan.FromSeconds(seconds);
            }
        }

        return longest;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>RFC 8288 <c>Link: &lt;url&gt;; rel="next"</c>, as GitHub pages.</summary>
    private static string? NextLink(HttpResponseMessage response)
    {
        foreach (var link in response.Headers.TryGetValues("Link", out var values) ? values.SelectMany(v => v.Split(',')) : [])
        {
            var parts = link.Split(';');
            if (parts.Length > 1 && parts.Skip(1).Any(p => p.Trim().Replace(" ", string.Empty, StringComparison.Ordinal) == "rel=\"next\""))
            {
                return parts[0].Trim().TrimStart('<').TrimEnd('>');
            }
        }

        return null;
    }

    private string ErrorText(string body) => FromJson(body, profile.ErrorMessage) is { Length: > 0 } m ? ": " + m : string.Empty;
}
