using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Seatwise.Workflows.Alerts;

public sealed record DeliveryResult(bool Delivered, int Attempts, string? Error);

/// <summary>
/// Posts a message to the Teams Workflows webhook: timeout per attempt, retries with back-off on 429 and 5xx
/// (Retry-After honoured up to a limit), no retry on other 4xx. The URL carries its signature in the query
/// string, so it is never logged or put in an error; only its host is.
/// </summary>
public sealed class TeamsWebhook(HttpClient http, IOptions<AlertSettings> settings, ILogger<TeamsWebhook> logger, TimeProvider clock)
{
    /// <summary>Posts to the default tenant's webhook (<c>Alerts__TeamsWebhookUrl</c>).</summary>
    public Task<DeliveryResult> PostAsync(string json, CancellationToken cancellationToken) =>
        PostAsync(json, settings.Value.WebhookUri ?? throw new InvalidOperationException("Alerts__TeamsWebhookUrl is not configured."), cancellationToken);

    /// <summary>Posts to <paramref name="uri"/> (a registry tenant's own webhook).</summary>
    public async Task<DeliveryResult> PostAsync(string json, Uri uri, CancellationToken cancellationToken)
    {
        var options = settings.Value;
        string? error = null;
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            TimeSpan? wait = null;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            try
            {
                using var content = new StringContent(json, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(uri, content, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    logger.LogInformation("Teams alert delivered to {Host} ({Status}, attempt {Attempt})", uri.Host, (int)response.StatusCode, attempt);
                    return new DeliveryResult(true, attempt, null);
                }

                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                error = $"the webhook at {uri.Host} answered {(int)response.StatusCode} {response.ReasonPhrase}{Detail(body)}";
                if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                {
                    logger.LogWarning("Teams alert refused: {Error}; not retried", error);
                    return new DeliveryResult(false, attempt, error);
                }

                wait = RetryAfter(response.Headers.RetryAfter);
                if (wait > TimeSpan.FromSeconds(options.MaxRetryAfterSeconds))
                {
                    error += $"; Retry-After {wait.Value.TotalSeconds:0} s is longer than Alerts__MaxRetryAfterSeconds";
                    return new DeliveryResult(false, attempt, error);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"the webhook at {uri.Host} did not answer within {options.TimeoutSeconds} s";
            }
            catch (HttpRequestException ex)
            {
                error = $"the webhook at {uri.Host} could not be reached: {ex.HttpRequestError}";
            }

            if (attempt < options.MaxAttempts)
            {
                var delay = wait ?? TimeSpan.FromSeconds(options.RetryDelaySeconds * Math.Pow(2, attempt - 1));
                logger.LogWarning("Teams alert attempt {Attempt} failed: {Error}; retrying in {Delay:0.0} s", attempt, error, delay.TotalSeconds);
                await Task.Delay(delay, clock, cancellationToken);
            }
        }

        return new DeliveryResult(false, options.MaxAttempts, error + $" (after {options.MaxAttempts} attempts)");
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } date ? date - clock.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero : null);

    private static string Detail(string body)
    {
        var text = body.Trim().ReplaceLineEndings(" ");
        return text.Length == 0 ? string.Empty : ": " + (text.Length > 200 ? text[..200] + "…" : text);
    }
}
