using System.Text.Json;
using Seatwise.Core.Reclaim;

namespace Seatwise.Sources.Reclaim;

/// <summary>Builds a writer's steps the same way for every vendor, and its request bodies as the audit shows them.</summary>
internal static class ReclaimSteps
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Body(object body) => JsonSerializer.Serialize(body, Json);

    public static ReclaimStep Step(string phase, string outcome, string detail, DateTimeOffset at, IReadOnlyList<string> requests, string? response = null) =>
        new() { Phase = phase, Outcome = outcome, Detail = detail, At = at, Requests = requests, Response = response };

    /// <summary>A vendor's refusal or an unreachable API: the seat failed, with the vendor's own message (never a token).</summary>
    public static ReclaimStep Failed(string phase, Exception ex, DateTimeOffset at, IReadOnlyList<string> requests) =>
        Step(phase, ReclaimOutcomes.Failed, ex is SourceFailedException failed ? failed.Reason : ex.Message, at, requests);
}
