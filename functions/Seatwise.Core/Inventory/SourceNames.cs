namespace Seatwise.Core.Inventory;

/// <summary>
/// The names of the inventory sources, written once: settings (<c>Sources__{name}__Enabled</c>), contracts'
/// <c>source</c>, snapshot paths, seat lines and findings all use these.
/// </summary>
public static class SourceNames
{
    public const string Graph = "graph";
    public const string Csv = "csv";
    public const string GitHub = "github";
    public const string Slack = "slack";
    public const string Zoom = "zoom";
    public const string Atlassian = "atlassian";
    public const string Salesforce = "salesforce";

    /// <summary>Azure Marketplace SaaS subscriptions and what Azure billed for them (Cost Management).</summary>
    public const string Azure = "azure";

    /// <summary>A contract tracked by hand: no source collects it, so it is never reconciled against seats.</summary>
    public const string Manual = "manual";

    /// <summary>Every source a run can collect, in the order runs list them. Graph is on unless turned off.</summary>
    public static readonly IReadOnlyList<string> Collected = [Graph, GitHub, Slack, Zoom, Atlassian, Salesforce, Azure, Csv];

    /// <summary>The sources besides Graph: off unless turned on.</summary>
    public static readonly IReadOnlyList<string> Vendors = [.. Collected.Where(s => s != Graph)];

    /// <summary>What a contract may name as its source.</summary>
    public static readonly IReadOnlySet<string> ForContracts = new HashSet<string>([.. Collected, Manual], StringComparer.Ordinal);

    /// <summary>
    /// Sources that report how many seats were bought (a product's consumed units) and no accounts: a contract on
    /// one counts those seats as assigned with unknown activity.
    /// </summary>
    public static readonly IReadOnlySet<string> SeatCountsOnly = new HashSet<string>([Azure], StringComparer.Ordinal);

    /// <summary>Whether a source is collected unless its setting says otherwise.</summary>
    public static bool EnabledByDefault(string source) => source == Graph;
}
