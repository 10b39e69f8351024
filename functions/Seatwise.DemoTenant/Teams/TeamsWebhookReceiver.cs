using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Seatwise.DemoTenant.Teams;

/// <summary>One message the receiver accepted.</summary>
public sealed record ReceivedMessage(DateTimeOffset ReceivedAt, int Bytes, JsonObject Body);

/// <summary>
/// Stands in for a Teams Workflows webhook ("Post to a channel when a webhook request is received"): checks a post
/// the way Teams would (JSON, <c>type: message</c>, exactly one Adaptive Card attachment, 28 KB at most) and keeps
/// what it accepted. Failures can be queued to see retries and recorded failures.
/// </summary>
public sealed class TeamsWebhookReceiver
{
    public const string Path = "/webhooks/teams";
    public const int MaxBytes = 28 * 1024;

    private readonly ConcurrentQueue<ReceivedMessage> _received = new();
    private readonly ConcurrentQueue<int> _failures = new();
    private int _attempts;

    public IReadOnlyList<ReceivedMessage> Received => [.. _received];

    /// <summary>Every post, accepted or not.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>The next posts answer these statuses, in order (429 comes with Retry-After: 1).</summary>
    public void FailNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _failures.Enqueue(status);
        }
    }

    /// <summary>Called for every accepted message (the local host's demo prints the card).</summary>
    public event Action<ReceivedMessage>? MessageReceived;

    public void Clear()
    {
        _received.Clear();
        _failures.Clear();
        Interlocked.Exchange(ref _attempts, 0);
    }

    public async Task<IResult> PostAsync(HttpContext http)
    {
        Interlocked.Increment(ref _attempts);
        if (_failures.TryDequeue(out var status))
        {
            if (status == StatusCodes.Status429TooManyRequests)
            {
                http.Response.Headers.RetryAfter = "1";
            }

            return Results.Json(new { error = new { code = "InjectedFault", message = $"demo tenant fault: {status}" } }, statusCode: status);
        }

        if (http.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Bad("The request must be application/json.");
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length > MaxBytes)
        {
            return Results.Json(new { error = new { code = "RequestEntityTooLarge", message = $"Request Entity too large: {buffer.Length} bytes, the limit is {MaxBytes}." } }, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        JsonObject? body;
        try
        {
            body = JsonNode.Parse(buffer.ToArray()) as JsonObject;
        }
        catch (JsonException ex)
        {
            return Bad($"The body is not JSON: {ex.Message}");
        }

        if (Problem(body) is { } problem)
        {
            return Bad(problem);
        }

        var message = new ReceivedMessage(DateTimeOffset.UtcNow, (int)buffer.Length, body!);
        _received.Enqueue(message);
        MessageReceived?.Invoke(message);
        return Results.Accepted();
    }

    /// <summary>What Teams would refuse in a message, or null.</summary>
    public static string? Problem(JsonObject? body)
    {
        if (body is null)
        {
            return "The body must be a JSON object.";
        }

        if (body["type"]?.GetValueKind() != JsonValueKind.String || body["type"]!.GetValue<string>() != "message")
        {
            return "\"type\" must be \"message\".";
        }

        if (body["attachments"] is not JsonArray attachments || attachments.Count != 1)
        {
            return "\"attachments\" must hold exactly one card.";
        }

        var attachment = attachments[0] as JsonObject;
        if (attachment?["contentType"]?.GetValue<string>() != "application/vnd.microsoft.card.adaptive")
        {
            return "The attachment's contentType must be application/vnd.microsoft.card.adaptive.";
        }

        if (attachment["content"] is not JsonObject card || card["type"]?.GetValue<string>() != "AdaptiveCard" || card["version"] is null || card["body"] is not JsonArray)
        {
            return "The attachment's content must be an AdaptiveCard with a version and a body.";
        }

        return null;
    }

    private static IResult Bad(string message) =>
        Results.Json(new { error = new { code = "BadRequest", message } }, statusCode: StatusCodes.Status400BadRequest);
}
