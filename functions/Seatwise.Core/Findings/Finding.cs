using System.Security.Cryptography;
using System.Text;
using Seatwise.Core.Money;

namespace Seatwise.Core.Findings;

/// <summary>The finding types of DESIGN.md section 6, by their wire names.</summary>
public static class FindingTypes
{
    public const string UnassignedSeats = "unassigned-seats";
    public const string InactiveSeat = "inactive-seat";
    public const string DisabledSeat = "disabled-seat";
    public const string OverAssigned = "over-assigned";
    public const string RedundantLicense = "redundant-license";
    public const string OrphanedSeat = "orphaned-seat";
    public const string RenewalDue = "renewal-due";
    public const string UncontractedProduct = "uncontracted-product";
    public const string UnmanagedApp = "unmanaged-app";
    public const string OverlappingApps = "overlapping-apps";
    public const string DormantApp = "dormant-app";
    public const string PriceDrift = "price-drift";
    public const string UncontractedSpend = "uncontracted-spend";

    public static readonly IReadOnlyList<string> All =
    [
        UnassignedSeats, InactiveSeat, DisabledSeat, OverAssigned, RedundantLicense, OrphanedSeat, RenewalDue,
        UncontractedProduct, UnmanagedApp, OverlappingApps, DormantApp, PriceDrift, UncontractedSpend,
    ];
}

/// <summary>One actionable gap with money attached, as one run sees it.</summary>
public sealed record Finding
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    /// <summary>The contract the gap belongs to; empty for findings about no contract (uncontracted products, apps).</summary>
    public required string ContractId { get; init; }

    /// <summary>What the finding is about, stable across runs (an identity key, a product, an app id...).</summary>
    public required string SubjectKey { get; init; }

    /// <summary>A readable subject (a person's name and UPN, a product name, an app name).</summary>
    public required string Subject { get; init; }

    public string? ProductKey { get; init; }

    /// <summary>
    /// Money per year of the finding's <see cref="MoneyKind"/>: what reclaiming saves, what a true-up would cost, or
    /// the spend under review. A contract's savings findings together never claim more than its annual waste.
    /// </summary>
    public required decimal AnnualCost { get; init; }

    /// <summary><c>savings</c>, <c>exposure</c> or <c>review</c> (<see cref="MoneyKinds"/>); never summed across kinds.</summary>
    public string MoneyKind => MoneyKinds.Of(Type);

    public required string Currency { get; init; }

    /// <summary>The sources whose data makes this finding true; a failed source never resolves it.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>The facts that make the finding true, so a person can check it without opening another system.</summary>
    public required IReadOnlyDictionary<string, string> Evidence { get; init; }

    /// <summary>
    /// The run step that raised it (<see cref="RunSteps"/>): a step that fails never resolves its findings. Every
    /// rule sets it; ledger rows from before it was recorded have none (<see cref="RunSteps.Of"/> reads those).
    /// </summary>
    public string? Step { get; init; }

    /// <summary>
    /// Lowercase hex of SHA-256 over <c>tenant|type|contractId|subjectKey</c>, first 32 characters: the same gap
    /// keeps the same id across runs.
    /// </summary>
    public static string ComputeId(string tenant, string type, string contractId, string subjectKey)
    {
        // Runs once per finding (tens of thousands per run): hash from a stack or pooled buffer, hex only 16 bytes.
        var text = $"{tenant}|{type}|{contractId}|{subjectKey}";
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = length > 512 ? System.Buffers.ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> buffer = rented ?? stackalloc byte[512];
        try
        {
            var written = Encoding.UTF8.GetBytes(text, buffer);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer[..written], hash);
            return Convert.ToHexStringLower(hash[..16]);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
