namespace Seatwise.Core.Inventory;

/// <summary>
/// Where a source streams what it collects, part by part (<c>products</c>, <c>seats</c>, <c>apps</c>...), one record
/// at a time. Nothing is visible to readers until the writer commits the manifest.
/// </summary>
public interface ISnapshotWriter
{
    Task WriteAsync<T>(string part, T record, CancellationToken cancellationToken);

    /// <summary>Records a fact about the snapshot as a whole (e.g. activityKnown=false) in its manifest.</summary>
    void SetProperty(string name, string value);
}

/// <summary>The well-known parts of a snapshot.</summary>
public static class SnapshotParts
{
    public const string Products = "products";
    public const string Seats = "seats";
    public const string Apps = "apps";
    public const string Subscriptions = "subscriptions";

    /// <summary>The <c>azure</c> source's Marketplace SaaS subscriptions.</summary>
    public const string Marketplace = "marketplace";

    /// <summary>The <c>azure</c> source's billed charges per Marketplace product and month.</summary>
    public const string Charges = "charges";

    /// <summary>The manifest property listing the closed months the charges cover (yyyy-MM, comma-separated).</summary>
    public const string ChargeMonthsProperty = "chargeMonths";
}

/// <summary>A Graph subscription's next lifecycle date, shown beside the contract's renewal date.</summary>
public sealed record SubscriptionInfo(string SkuPartNumber, string Status, int TotalLicenses, DateTimeOffset? NextLifecycleAt);
