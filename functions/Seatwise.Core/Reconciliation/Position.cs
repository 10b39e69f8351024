using Seatwise.Core.Contracts;

namespace Seatwise.Core.Reconciliation;

/// <summary>Seat counts of one contract by activity status; they add up to <see cref="Assigned"/>.</summary>
public sealed record SeatCounts(int Active, int New, int Inactive, int Disabled, int Unknown)
{
    public static readonly SeatCounts Empty = new(0, 0, 0, 0, 0);

    public int Assigned => Active + New + Inactive + Disabled + Unknown;

    /// <summary>Seats that count as used: active + new + unknown.</summary>
    public int Used => Active + New + Unknown;

    public SeatCounts Add(ActivityStatus status) => status switch
    {
        ActivityStatus.Active => this with { Active = Active + 1 },
        ActivityStatus.New => this with { New = New + 1 },
        ActivityStatus.Inactive => this with { Inactive = Inactive + 1 },
        ActivityStatus.Disabled => this with { Disabled = Disabled + 1 },
        _ => this with { Unknown = Unknown + 1 },
    };
}

/// <summary>The licence position of one contract in one run (DESIGN.md section 6, "Position").</summary>
public sealed record Position
{
    public required string ContractId { get; init; }

    public required string Vendor { get; init; }

    public required string Currency { get; init; }

    public required int Entitled { get; init; }

    public required SeatCounts Counts { get; init; }

    public int Assigned => Counts.Assigned;

    public required int Unassigned { get; init; }

    public required int OverAssigned { get; init; }

    public required int Reclaimable { get; init; }

    public required int RecommendedSeats { get; init; }

    public required decimal AnnualUnitCost { get; init; }

    public required decimal AnnualCost { get; init; }

    /// <summary>Entitled seats nobody uses, per year: max(0, entitled − used) × unit cost; never above <see cref="AnnualCost"/>.</summary>
    public required decimal AnnualWaste { get; init; }

    /// <summary>(entitled − recommended seats) × unit cost, floored at 0: what cutting seats at renewal saves.</summary>
    public required decimal PotentialSavings { get; init; }

    /// <summary>
    /// Seats assigned beyond the entitlement × unit cost: a true-up the vendor may bill. A liability, never savings.
    /// Not required so positions stored before it existed still read (as 0).
    /// </summary>
    public decimal TrueUpExposure { get; init; }

    /// <summary>(active + new + unknown) / entitled; null when nothing is entitled.</summary>
    public required decimal? Utilization { get; init; }
}

public static class PositionCalculator
{
    /// <param name="productEntitlement">Prepaid units of the contract's Graph SKUs, used when the contract leaves seats empty.</param>
    public static Position Compute(Contract contract, SeatCounts counts, int? productEntitlement, decimal headroomPercent)
    {
        var entitled = contract.Seats ?? productEntitlement ?? 0;
        var unassigned = Math.Max(0, entitled - counts.Assigned);
        var overAssigned = Math.Max(0, counts.Assigned - entitled);
        var reclaimable = counts.Inactive + counts.Disabled;
        var recommended = (int)Math.Ceiling(counts.Used * (1 + (headroomPercent / 100m)));
        var unitCost = contract.AnnualUnitCost;
        return new Position
        {
            ContractId = contract.Id,
            Vendor = contract.Vendor,
            Currency = contract.Currency,
            Entitled = entitled,
            Counts = counts,
            Unassigned = unassigned,
            OverAssigned = overAssigned,
            Reclaimable = reclaimable,
            RecommendedSeats = recommended,
            AnnualUnitCost = unitCost,
            AnnualCost = entitled * unitCost,
            AnnualWaste = Math.Max(0, entitled - counts.Used) * unitCost,
            PotentialSavings = Math.Max(0, entitled - recommended) * unitCost,
            TrueUpExposure = overAssigned * unitCost,
            Utilization = entitled == 0 ? null : (decimal)counts.Used / entitled,
        };
    }
}
