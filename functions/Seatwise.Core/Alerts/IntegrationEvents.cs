using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Seatwise.Core.Findings;

namespace Seatwise.Core.Alerts;

/// <summary>One integration event as it goes on the Service Bus topic: subject = event type, JSON body, deterministic id.</summary>
public sealed record EventMessage(string MessageId, string Subject, string Body);

/// <summary>The facts of a finished run that <c>run.completed</c> carries.</summary>
public sealed record RunCompletedFacts(
    string RunId,
    string Status,
    DateTimeOffset RunAt,
    DateTimeOffset? CompletedAt,
    int FindingsOpen,
    int FindingsNew,
    int FindingsResolved,
    IReadOnlyDictionary<string, decimal> AnnualCost,
    IReadOnlyDictionary<string, decimal> AnnualWaste,
    IReadOnlyDictionary<string, decimal> PotentialSavings);

/// <summary>
/// Builds the integration events of a run (DESIGN.md section 9). The MessageId is derived from finding id, event
/// and run id, so a replayed or retried send is dropped by the topic's duplicate detection. Pure.
/// </summary>
public static class IntegrationEvents
{
    public const string FindingOpened = "finding.opened";
    public const string FindingResolved = "finding.resolved";
    public const string RunCompleted = "run.completed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<EventMessage> ForRun(string tenant, RunCompletedFacts run, IEnumerable<LedgerEntry> ledger)
    {
        var messages = new List<EventMessage>();
        foreach (var e in ledger.OrderBy(e => e.Finding.Id, StringComparer.Ordinal))
        {
            // Opened (or reopened) by this run: first seen at this run's instant and still open after it.
            if (e.Status != FindingStatus.Resolved && e.LastRunId == run.RunId && e.FirstSeenAt == run.RunAt)
            {
                messages.Add(Finding(tenant, FindingOpened, run.RunId, e));
            }
            else if (e.Status == FindingStatus.Resolved && e.ResolvedAt == run.RunAt)
            {
                messages.Add(Finding(tenant, FindingResolved, run.RunId, e));
            }
        }

        messages.Add(new EventMessage(
            MessageId(RunCompleted, run.RunId, run.RunId),
            RunCompleted,
            JsonSerializer.Serialize(new { type = RunCompleted, tenant, run }, Json)));
        return messages;
    }

    /// <summary><c>{findingId}:{event}:{runId}</c>; a SHA-256 of it when longer than Service Bus's 128 characters.</summary>
    public static string MessageId(string eventType, string subjectId, string runId)
    {
        var id = $"{subjectId}:{eventType}:{runId}";
        return id.Length <= 128 ? id : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
    }

    private static EventMessage Finding(string tenant, string type, string runId, LedgerEntry e) => new(
        MessageId(type, e.Finding.Id, runId),
        type,
        JsonSerializer.Serialize(new
        {
            type,
            tenant,
            runId,
            finding = new
            {
                e.Finding.Id,
                e.Finding.Type,
                status = e.Status.ToString().ToLowerInvariant(),
                e.Finding.ContractId,
                e.Finding.Subject,
                e.Finding.SubjectKey,
                e.Finding.ProductKey,
                e.Finding.AnnualCost,
                e.Finding.Currency,
                e.Finding.Evidence,
                e.FirstSeenAt,
                e.LastSeenAt,
                e.ResolvedAt,
            },
        }, Json));
}
