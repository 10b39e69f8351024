using Microsoft.AspNetCore.Http;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Api;

namespace Seatwise.Workflows.Queries;

/// <summary>A position as the API shows it: flat, so a spreadsheet or Power BI reads it without unnesting.</summary>
public sealed record PositionView
{
    public required string RunId { get; init; }

    public required string ContractId { get; init; }

    /// <summary>The contract's name in the register; null when it was deleted since the run.</summary>
    public string? Name { get; init; }

    public required string Vendor { get; init; }

    /// <summary><c>ok</c>, or <c>stale</c> when reconciled against an older snapshot because the source failed.</summary>
    public required string Status { get; init; }

    public string? SnapshotRunId { get; init; }

    public DateTimeOffset? SnapshotCollectedAt { get; init; }

    public required string Currency { get; init; }

    public int Entitled { get; init; }

    public int Assigned { get; init; }

    public int Active { get; init; }

    public int New { get; init; }

    public int Inactive { get; init; }

    public int Disabled { get; init; }

    public int Unknown { get; init; }

    public int Unassigned { get; init; }

    public int OverAssigned { get; init; }

    public int Reclaimable { get; init; }

    public int RecommendedSeats { get; init; }

    public decimal AnnualUnitCost { get; init; }

    public decimal AnnualCost { get; init; }

    public decimal AnnualWaste { get; init; }

    public decimal PotentialSavings { get; init; }

    /// <summary>Seats assigned beyond the entitlement × unit cost: a liability, never savings.</summary>
    public decimal TrueUpExposure { get; init; }

    public decimal? Utilization { get; init; }

    public static PositionView From(string runId, StoredPosition stored, string? name)
    {
        var p = stored.Position;
        return new PositionView
        {
            RunId = runId,
            ContractId = p.ContractId,
            Name = name,
            Vendor = p.Vendor,
            Status = stored.Status,
            SnapshotRunId = stored.SnapshotRunId,
            SnapshotCollectedAt = stored.SnapshotCollectedAt,
            Currency = p.Currency,
            Entitled = p.Entitled,
            Assigned = p.Assigned,
            Active = p.Counts.Active,
            New = p.Counts.New,
            Inactive = p.Counts.Inactive,
            Disabled = p.Counts.Disabled,
            Unknown = p.Counts.Unknown,
            Unassigned = p.Unassigned,
            OverAssigned = p.OverAssigned,
            Reclaimable = p.Reclaimable,
            RecommendedSeats = p.RecommendedSeats,
            AnnualUnitCost = p.AnnualUnitCost,
            AnnualCost = p.AnnualCost,
            AnnualWaste = p.AnnualWaste,
            PotentialSavings = p.PotentialSavings,
            TrueUpExposure = p.TrueUpExposure,
            Utilization = p.Utilization,
        };
    }
}

public static class PositionsApi
{
    public static async Task<IResult> ListPositions(ApiRequest request, QueryServices services)
    {
        var http = request.Http.Request;
        var (vendor, vendorError) = ApiInput.Text(http, "vendor");
        var (contractId, contractError) = ApiInput.Text(http, "contractId");
        if ((vendorError ?? contractError) is { } error)
        {
            return error;
        }

        var (run, runError) = await ResultRuns.ResolveAsync(request, services.Runs);
        if (runError is not null)
        {
            return runError;
        }

        var views = await ReadAsync(request, services, run!);
        var matching = views
            .Where(v => (vendor is null || string.Equals(v.Vendor, vendor, StringComparison.OrdinalIgnoreCase)) && (contractId is null || v.ContractId == contractId))
            .OrderBy(v => v.ContractId, StringComparer.Ordinal)
            .ToList();
        var (items, next, pageError) = ApiInput.PageInMemory(http, matching, $"positions|{request.Tenant}|{run!.RunId}|{vendor}|{contractId}");
        return pageError ?? Results.Json(new { items, continuationToken = next }, ApiInput.Json);
    }

    /// <summary>Every position of a run with the contract names of the register (one run holds one row per contract: few).</summary>
    public static async Task<IReadOnlyList<PositionView>> ReadAsync(ApiRequest request, QueryServices services, RunRecord run)
    {
        var stored = await services.Results.ListPositionsAsync(request.Tenant, run.RunId, request.CancellationToken);
        var names = (await services.Contracts.ListAllAsync(request.Tenant, request.CancellationToken))
            .ToDictionary(c => c.Id, c => c.Name, StringComparer.Ordinal);
        return [.. stored.Select(s => PositionView.From(run.RunId, s, names.GetValueOrDefault(s.Position.ContractId)))];
    }
}
