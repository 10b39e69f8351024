using System.ComponentModel.DataAnnotations;

namespace Seatwise.Storage.Tables;

/// <summary>
/// Settings under <c>Storage__</c>: how writes use Azure Table Storage's limits. Azure serves about 2,000 entities
/// per second per partition and 20,000 per account (Microsoft's scalability targets for Table Storage), so large
/// results are spread over partitions of at most <see cref="RowsPerPartition"/> rows and written to several
/// partitions at once.
/// </summary>
public sealed class StorageSettings
{
    public const string Section = "Storage";

    /// <summary>
    /// Rows a run puts into one partition at most (about one second of a partition's throughput in Azure); the
    /// bucket count of a result is its row count divided by this. A constant: readers derive the same buckets.
    /// </summary>
    public const int RowsPerPartition = 2000;

    /// <summary>The most buckets a result is spread over (3 hex digits in the key).</summary>
    public const int MaxBuckets = 4096;

    /// <summary>
    /// Transactions in flight at once, each to a different partition (Storage__WriteConcurrency): in an instance over
    /// every writer of a run's results (<see cref="WriteSlots"/>), and in each ledger merge.
    /// </summary>
    [Range(1, 64)]
    public int WriteConcurrency { get; set; } = 8;

    /// <summary>
    /// Ledger buckets a run merges at once (Storage__MergeConcurrency). Each bucket in flight holds its stored entries
    /// and their merge as objects, about 8,600 of each at 100,000 users (tens of MB), so this bounds the run's memory
    /// more than its time: a bucket's writes go one transaction after another whatever the setting. One: at 100,000
    /// users the merge was the host's peak with two (310 MB against under 260 MB with one, for about 10 s more).
    /// </summary>
    [Range(1, 16)]
    public int MergeConcurrency { get; set; } = 1;

    /// <summary>
    /// How long a findings page stays cached in an instance (Storage__PageCacheSeconds; 0 turns the cache off). A cached
    /// page is served only while the ledger's version row is unchanged (every ledger write changes it), so the time
    /// only bounds how long an instance keeps pages nobody asks for again.
    /// </summary>
    [Range(0, 3600)]
    public int PageCacheSeconds { get; set; } = 60;

    /// <summary>How many buckets <paramref name="rows"/> rows need (at least one).</summary>
    public static int BucketsFor(long rows) => (int)Math.Clamp((rows + RowsPerPartition - 1) / RowsPerPartition, 1, MaxBuckets);

    /// <summary>The bucket of a row, from its RowKey's hash so rows spread evenly and a retried write lands in the same one.</summary>
    public static int BucketOf(string rowKey, int buckets)
    {
        if (buckets <= 1)
        {
            return 0;
        }

        // FNV-1a over the key's characters: stable across processes and versions (string.GetHashCode is not).
        var hash = 2166136261u;
        foreach (var c in rowKey)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)buckets);
    }

    /// <summary>A bucket's partition: the result's partition key and the bucket as three hex digits.</summary>
    public static string BucketPartition(string partition, int bucket) => $"{partition}_{bucket:x3}";
}
