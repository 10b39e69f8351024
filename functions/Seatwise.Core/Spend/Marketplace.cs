namespace Seatwise.Core.Spend;

/// <summary>
/// A SaaS subscription bought through the Azure Marketplace (an ARM resource of type <c>Microsoft.SaaS/resources</c>),
/// as the <c>azure</c> source's snapshot keeps it.
/// </summary>
public sealed record MarketplaceSubscription
{
    /// <summary>The ARM resource id.</summary>
    public required string ResourceId { get; init; }

    public required string Name { get; init; }

    public required string PublisherName { get; init; }

    public required string OfferName { get; init; }

    public required string PlanName { get; init; }

    /// <summary>The seats bought (the resource's <c>quantity</c>); null for plans billed as a whole.</summary>
    public int? Quantity { get; init; }

    /// <summary><c>Subscribed</c>, <c>Suspended</c>, <c>Unsubscribed</c>, <c>PendingFulfillmentStart</c>...</summary>
    public required string Status { get; init; }

    /// <summary>The term's length as ISO 8601 (<c>P1M</c>, <c>P1Y</c>).</summary>
    public string? TermUnit { get; init; }

    public DateTimeOffset? TermStart { get; init; }

    public DateTimeOffset? TermEnd { get; init; }

    public bool AutoRenew { get; init; }

    public bool IsFreeTrial { get; init; }

    /// <summary>The product key contracts name: <c>{publisher}/{offer}/{plan}</c>.</summary>
    public string ProductKey => Key(PublisherName, OfferName, PlanName);

    /// <summary>Only a subscribed, paid subscription holds seats someone pays for.</summary>
    public bool IsBilled => string.Equals(Status, SubscribedStatus, StringComparison.OrdinalIgnoreCase) && !IsFreeTrial;

    public const string SubscribedStatus = "Subscribed";

    public static string Key(string publisher, string offer, string plan) => $"{publisher}/{offer}/{plan}";
}

/// <summary>
/// What Azure billed for one Marketplace publisher's product in one closed month (the Cost Management Query API's
/// rows, summed): the actual charges, in the billing currency.
/// </summary>
public sealed record Charge
{
    /// <summary>The first day of the month charged.</summary>
    public required DateOnly Month { get; init; }

    public required string PublisherName { get; init; }

    public required string ProductName { get; init; }

    public required decimal Cost { get; init; }

    public required string Currency { get; init; }
}
