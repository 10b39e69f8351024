using System.Text.Json;
using Seatwise.Core.Findings;

namespace Seatwise.Core.Reconciliation;

/// <summary>
/// A contract step's seat findings between the seat that raises them and <see cref="ContractReconciler.Complete"/>,
/// which shares the contract's waste among them and so needs all of them first. Either as objects, or (the pipeline's
/// contract step, <see cref="ReconcileInput.CompressSeatFindings"/>) as <see cref="CompressedFindings"/> plus the few
/// fields the sharing orders by: at 100,000 users a contract raises up to 21,000 seat findings, and ten contract steps
/// at once held them as objects (docs/benchmarks.md).
/// </summary>
internal sealed class SeatFindingSpool(bool compress)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly List<Finding>? _objects = compress ? null : [];
    private readonly CompressedFindings? _compressed = compress ? new CompressedFindings(Json) : null;
    private bool _read;

    /// <summary>What the waste sharing orders and claims by, a few dozen bytes a finding; in the order added.</summary>
    public List<SeatSaving> Savings { get; } = [];

    public void Add(Finding finding, int rank, DateTimeOffset? lastActivity)
    {
        ObjectDisposedException.ThrowIf(_read, this);
        Savings.Add(new SeatSaving(finding.Id, finding.ContractId, rank, lastActivity, finding.AnnualCost));
        if (_compressed is not null)
        {
            _compressed.Add(finding);
        }
        else
        {
            _objects!.Add(finding);
        }
    }

    /// <summary>The findings in the order they were added, read once.</summary>
    public IEnumerable<Finding> Read()
    {
        ObjectDisposedException.ThrowIf(_read, this);
        _read = true;
        return _compressed?.Read() ?? _objects!;
    }
}

/// <summary>One seat finding as the waste sharing sees it.</summary>
internal readonly record struct SeatSaving(string Id, string ContractId, int Rank, DateTimeOffset? LastActivity, decimal AnnualCost);
