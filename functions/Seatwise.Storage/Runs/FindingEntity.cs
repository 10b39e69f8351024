using Azure;
using Azure.Data.Tables;

namespace Seatwise.Storage.Runs;

/// <summary>
/// A row of table Findings: one ledger entry. PartitionKey <c>{tenant}_{bucket}</c> (the bucket from the finding id,
/// <see cref="FindingRepository.Buckets"/> of them), RowKey the inverted annual cost and the id
/// (<see cref="FindingRepository.OrderKey"/>), so a partition lists its entries most expensive first. The entry is
/// the JSON; the other columns are what listings filter on.
/// </summary>
public sealed class FindingEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The finding id; a lookup by id filters on it within the id's bucket. Absent on rows of the legacy layout (the id was the RowKey).</summary>
    public string? Id { get; set; }

    public string Type { get; set; } = string.Empty;

    /// <summary>The status's wire name (<see cref="FindingRepository.StatusName"/>).</summary>
    public string Status { get; set; } = string.Empty;

    public string? ContractId { get; set; }

    public string Currency { get; set; } = string.Empty;

    public string Json { get; set; } = string.Empty;

    // Column names the listing filters write into query text (the properties above are the columns).
    public const string TypeColumn = nameof(Type);

    public const string StatusColumn = nameof(Status);

    public const string ContractIdColumn = nameof(ContractId);

    public const string IdColumn = nameof(Id);
}
