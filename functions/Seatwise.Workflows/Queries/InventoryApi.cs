using Microsoft.AspNetCore.Http;
using Seatwise.Core.Contracts;
using Seatwise.Core.Usage;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Tables;
using Seatwise.Workflows.Api;

namespace Seatwise.Workflows.Queries;

/// <summary>One seat line: the evidence behind a position, one account holding one product.</summary>
public sealed record SeatView(
    string ContractId,
    string RunId,
    string Source,
    string AccountId,
    string IdentityKey,
    string? DisplayName,
    string ProductKey,
    string Status,
    DateTimeOffset? LastActivity,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? CreatedAt,
    bool Enabled,
    bool? EntraEnabled,
    IReadOnlyDictionary<string, DateTimeOffset>? Usage)
{
    public static SeatView From(string contractId, string runId, SeatEntity e) => new(
        contractId, runId, e.Source, e.AccountId, e.IdentityKey, e.DisplayName, e.ProductKey, e.Status, e.LastActivity, e.AssignedAt,
        e.CreatedAt, e.Enabled, e.EntraEnabled, e.Usage());
}

/// <summary>One enterprise app of a run's inventory, with its category and what covers it.</summary>
public sealed record AppView(
    string AppId,
    string RunId,
    string? DisplayName,
    string? Publisher,
    bool Enabled,
    string? Category,
    string? ContractId,
    bool Allowed,
    bool Covered,
    DateTimeOffset? LastSignInAt)
{
    public static AppView From(string runId, AppEntity e) =>
        new(e.RowKey, runId, e.DisplayName, e.Publisher, e.Enabled, e.Category, e.ContractId, e.Allowed, e.ContractId is not null || e.Allowed, e.LastSignInAt);
}

/// <summary>Seat lines of a contract and the app inventory of a run.</summary>
public static class InventoryApi
{
    public static readonly IReadOnlyList<string> SeatStatuses = ["active", "new", "inactive", "disabled", "unknown"];

    public static readonly IReadOnlyList<string> SeatCsvHeader =
    [
        "contractId", "runId", "identityKey", "displayName", "accountId", "source", "productKey", "status", "lastActivity", "assignedAt",
        "createdAt", "enabled", "entraEnabled", .. Workloads.All.Select(Workloads.CsvColumn),
    ];

    /// <summary>The renewal evidence: every seat of a contract with its activity facts (JSON pages, or the whole list as CSV).</summary>
    public static async Task<IResult> ListSeats(ApiRequest request, QueryServices services)
    {
        var http = request.Http.Request;
        var contractId = request.Route("id") ?? string.Empty;
        var (status, statusError) = ApiInput.OneOf(http, "status", SeatStatuses);
        if (statusError is not null)
        {
            return statusError;
        }

        if (ContractValidator.KeyProblem(contractId) is not null)
        {
            return Problems.NotFound($"There is no contract '{contractId}'.");
        }

        var (run, runError) = await ResultRuns.ResolveAsync(request, services.Runs);
        if (runError is not null)
        {
            return runError;
        }

        var outcome = run!.Contracts.FirstOrDefault(c => c.ContractId == contractId);
        if (outcome is null)
        {
            return Problems.NotFound($"Run {run.RunId} did not reconcile a contract '{contractId}'.");
        }

        var results = services.Results;
        if (ApiInput.WantsCsv(http))
        {
            var rows = Rows(results.ReadSeatsAsync(request.Tenant, run.RunId, contractId, status, request.CancellationToken), contractId, run.RunId);
            return new CsvStream($"seats-{contractId}-{run.RunId}.csv", SeatCsvHeader, rows);
        }

        var (top, topError) = ApiInput.Top(http);
        if (topError is not null)
        {
            return topError;
        }

        var scope = $"seats|{request.Tenant}|{run.RunId}|{contractId}|{status}";
        var (token, tokenError) = ApiInput.ContinuationToken(http, scope, ResultRepository.IsSeatToken);
        if (tokenError is not null)
        {
            return tokenError;
        }

        var (items, next) = await results.PageSeatsAsync(request.Tenant, run.RunId, contractId, status, top, token, request.CancellationToken);
        return Results.Json(new
        {
            contractId,
            runId = run.RunId,
            contractStatus = outcome.Status,
            items = items.Select(e => SeatView.From(contractId, run.RunId, e)),
            continuationToken = ContinuationTokens.Wrap(scope, next),
        }, ApiInput.Json);
    }

    public static async Task<IResult> ListApps(ApiRequest request, QueryServices services)
    {
        var http = request.Http.Request;
        var (category, categoryError) = ApiInput.Text(http, "category");
        var (top, topError) = ApiInput.Top(http);
        if ((categoryError ?? topError) is { } error)
        {
            return error;
        }

        var (run, runError) = await ResultRuns.ResolveAsync(request, services.Runs);
        if (runError is not null)
        {
            return runError;
        }

        var scope = $"apps|{request.Tenant}|{run!.RunId}|{category}";
        var (token, tokenError) = ApiInput.ContinuationToken(http, scope);
        if (tokenError is not null)
        {
            return tokenError;
        }

        var (items, next) = await services.Results
            .PageAppsAsync(request.Tenant, run.RunId, category, top, token, request.CancellationToken);
        return Results.Json(new { items = items.Select(e => AppView.From(run.RunId, e)), continuationToken = ContinuationTokens.Wrap(scope, next) }, ApiInput.Json);
    }

    private static async IAsyncEnumerable<IEnumerable<string?>> Rows(IAsyncEnumerable<SeatEntity> seats, string contractId, string runId)
    {
        await foreach (var e in seats)
        {
            var s = SeatView.From(contractId, runId, e);
            yield return
            [
                s.ContractId, s.RunId, s.IdentityKey, s.DisplayName, s.AccountId, s.Source, s.ProductKey, s.Status, CsvStream.Text(s.LastActivity),
                CsvStream.Text(s.AssignedAt), CsvStream.Text(s.CreatedAt), CsvStream.Text(s.Enabled), CsvStream.Text(s.EntraEnabled),
                .. Workloads.All.Select(w => s.Usage is not null && s.Usage.TryGetValue(w, out var date) ? CsvStream.Text(date) : null),
            ];
        }
    }
}
