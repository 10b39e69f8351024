using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Seatwise.Core.Contracts;
using Seatwise.Core.Findings;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Tables;
using Seatwise.Workflows.Api;

namespace Seatwise.Workflows.Queries;

/// <summary>What the findings handlers use, resolved once per request by the route table.</summary>
public sealed record FindingsServices(FindingRepository Findings, TimeProvider Clock);

/// <summary>A ledger entry as the API shows it, with the ETag a PATCH must send back.</summary>
public sealed record FindingView
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    public required string Status { get; init; }

    public string? StatusReason { get; init; }

    public DateTimeOffset? SnoozedUntil { get; init; }

    /// <summary>Null for a finding about no contract (an uncontracted product, an app).</summary>
    public string? ContractId { get; init; }

    public required string Subject { get; init; }

    public required string SubjectKey { get; init; }

    public string? ProductKey { get; init; }

    public decimal AnnualCost { get; init; }

    public required string Currency { get; init; }

    /// <summary>What kind of money <see cref="AnnualCost"/> is: <c>savings</c>, <c>exposure</c> or <c>review</c>.</summary>
    public required string MoneyKind { get; init; }

    public required IReadOnlyList<string> Sources { get; init; }

    public required IReadOnlyDictionary<string, string> Evidence { get; init; }

    public DateTimeOffset FirstSeenAt { get; init; }

    public DateTimeOffset LastSeenAt { get; init; }

    public required string LastRunId { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public DateTimeOffset? AlertedAt { get; init; }

    /// <summary>Send it back as If-Match to PATCH (named <c>etag</c> on the wire; camel case would make it "eTag").</summary>
    [System.Text.Json.Serialization.JsonPropertyName("etag")]
    public required string ETag { get; init; }

    public static FindingView From(StoredFinding stored)
    {
        var (e, f) = (stored.Entry, stored.Entry.Finding);
        return new FindingView
        {
            Id = f.Id,
            Type = f.Type,
            Status = FindingRepository.StatusName(e.Status),
            StatusReason = e.StatusReason,
            SnoozedUntil = e.SnoozedUntil,
            ContractId = f.ContractId.Length == 0 ? null : f.ContractId,
            Subject = f.Subject,
            SubjectKey = f.SubjectKey,
            ProductKey = f.ProductKey,
            AnnualCost = f.AnnualCost,
            Currency = f.Currency,
            MoneyKind = f.MoneyKind,
            Sources = f.Sources,
            Evidence = f.Evidence,
            FirstSeenAt = e.FirstSeenAt,
            LastSeenAt = e.LastSeenAt,
            LastRunId = e.LastRunId,
            ResolvedAt = e.ResolvedAt,
            AlertedAt = e.AlertedAt,
            ETag = stored.ETag.ToString(),
        };
    }
}

/// <summary>The body of PATCH /api/findings/{id}.</summary>
public sealed record FindingStatusChange(string? Status, DateTimeOffset? SnoozedUntil, string? Reason);

/// <summary>Where a findings listing stopped: the order key of the last finding listed.</summary>
public sealed record FindingCursor(string After);

public static partial class FindingsApi
{
    public static readonly IReadOnlyList<string> Statuses = ["open", "acknowledged", "snoozed", "resolved", "all"];

    public static readonly IReadOnlyList<string> CsvHeader =
    [
        "id", "type", "status", "contractId", "subject", "productKey", "annualCost", "currency", "moneyKind", "firstSeenAt", "lastSeenAt",
        "statusReason", "snoozedUntil", "evidence",
    ];

    public static async Task<IResult> ListFindings(ApiRequest request, FindingsServices services)
    {
        var http = request.Http.Request;
        var (type, typeError) = ApiInput.OneOf(http, "type", [.. FindingTypes.All]);
        var (status, statusError) = ApiInput.OneOf(http, "status", Statuses);
        var (contractId, contractError) = ApiInput.Text(http, "contractId");
        var (minAnnualCost, costError) = ApiInput.Amount(http, "minAnnualCost");
        if ((typeError ?? statusError ?? contractError ?? costError) is { } error)
        {
            return error;
        }

        status ??= "open";
        var filter = new FindingFilter(type, status == "all" ? null : status, contractId, minAnnualCost);
        var repository = services.Findings;
        if (ApiInput.WantsCsv(http))
        {
            return new CsvStream("findings.csv", CsvHeader, CsvRows(repository, request.Tenant, filter, request.CancellationToken));
        }

        var (top, topError) = ApiInput.Top(http);
        if (topError is not null)
        {
            return topError;
        }

        var scope = $"findings|{request.Tenant}|{filter}";
        var (token, tokenError) = ApiInput.ContinuationToken(http, scope, inner => ReadCursor(inner) is not null);
        string? cursor = null;
        if (tokenError is not null || (token is not null && (cursor = ReadCursor(token)) is null))
        {
            return tokenError ?? Problems.BadParameter("continuationToken", "is not a token this list returned (it may belong to another list or filter).");
        }

        var (items, next) = await repository.PageAsync(request.Tenant, filter, top, cursor, request.CancellationToken);
        return Results.Json(new
        {
            items = items.Select(FindingView.From),
            continuationToken = next is null ? null : ContinuationTokens.Wrap(scope, JsonSerializer.Serialize(new FindingCursor(next))),
        }, ApiInput.Json);
    }

    public static async Task<IResult> GetFinding(ApiRequest request, FindingsServices services)
    {
        var id = request.Route("id") ?? string.Empty;
        var stored = IsFindingId(id) ? await services.Findings.GetAsync(request.Tenant, id, request.CancellationToken) : null;
        if (stored is null)
        {
            return Problems.NotFound($"There is no finding '{id}'.");
        }

        return request.WithETag(stored.ETag.ToString(), Results.Json(FindingView.From(stored), ApiInput.Json));
    }

    /// <summary>Acknowledge, snooze until a date, or open again; with the ETag last read (412 when it changed meanwhile).</summary>
    public static async Task<IResult> UpdateFinding(ApiRequest request, FindingsServices services)
    {
        var id = request.Route("id") ?? string.Empty;
        var ifMatch = request.Http.Request.Headers.IfMatch.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return Problems.PreconditionRequired("Send If-Match with the finding's ETag (from GET /api/findings or GET /api/findings/{id}).");
        }

        var (change, error) = await ApiInput.ReadJsonAsync<FindingStatusChange>(request.Http.Request, 16 * 1024, request.CancellationToken);
        if (error is not null)
        {
            return error;
        }

        var status = change!.Status switch
        {
            "open" => FindingStatus.Open,
            "acknowledged" => FindingStatus.Acknowledged,
            "snoozed" => FindingStatus.Snoozed,
            _ => (FindingStatus?)null,
        };
        if (status is null)
        {
            return Problems.Invalid("The status change is not valid; see errors.", [new FieldError("status", "must be acknowledged, snoozed or open.")]);
        }

        if (change.Reason is { Length: > 1000 })
        {
            return Problems.Invalid("The status change is not valid; see errors.", [new FieldError("reason", "must be at most 1000 characters.")]);
        }

        var repository = services.Findings;
        var stored = IsFindingId(id) ? await repository.GetAsync(request.Tenant, id, request.CancellationToken) : null;
        if (stored is null)
        {
            return Problems.NotFound($"There is no finding '{id}'.");
        }

        var (updated, problem) = FindingLedger.SetStatus(stored.Entry, status.Value, change.SnoozedUntil, change.Reason, services.Clock.GetUtcNow());
        if (updated is null)
        {
            var field = problem!.Contains("snoozedUntil", StringComparison.Ordinal) ? "snoozedUntil" : "status";
            return Problems.Invalid("The status change is not valid; see errors.", [new FieldError(field, problem)]);
        }

        var (outcome, etag) = await repository.ReplaceAsync(request.Tenant, stored, updated, ifMatch, request.CancellationToken);
        if (outcome == WriteOutcome.Done)
        {
            // Keeps the summary's tallies current until the next run rewrites them.
            await repository.AdjustAggregatesAsync(request.Tenant, stored.Entry, updated, request.CancellationToken);
        }

        return outcome switch
        {
            WriteOutcome.NotFound => Problems.NotFound($"There is no finding '{id}'."),
            WriteOutcome.PreconditionFailed => Problems.PreconditionFailed($"Finding '{id}' changed since you read it (a run or another person updated it); GET it again and retry with its new ETag."),
            _ => request.WithETag(etag, Results.Json(FindingView.From(new StoredFinding(updated, new Azure.ETag(etag!))), ApiInput.Json)),
        };
    }

    private static async IAsyncEnumerable<IEnumerable<string?>> CsvRows(FindingRepository repository, string tenant, FindingFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var (items, next) = await repository.PageAsync(tenant, filter, 1000, cursor, cancellationToken);
            foreach (var stored in items)
            {
                var (e, f) = (stored.Entry, stored.Entry.Finding);
                yield return
                [
                    f.Id, f.Type, FindingRepository.StatusName(e.Status), f.ContractId, f.Subject, f.ProductKey, CsvStream.Text(f.AnnualCost), f.Currency, f.MoneyKind,
                    CsvStream.Text(e.FirstSeenAt), CsvStream.Text(e.LastSeenAt), e.StatusReason, CsvStream.Text(e.SnoozedUntil),
                    string.Join("; ", f.Evidence.Select(kv => $"{kv.Key}={kv.Value}")),
                ];
            }

            cursor = next;
        }
        while (cursor is not null);
    }

    /// <summary>The order key from a client's token: it reaches a table filter, so anything but our own shape is refused.</summary>
    private static string? ReadCursor(string token)
    {
        try
        {
            return JsonSerializer.Deserialize<FindingCursor>(token) is { After: { } after } && FindingRepository.IsOrderKey(after) ? after : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsFindingId(string id) => FindingIdPattern().IsMatch(id);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex FindingIdPattern();
}
