using System.ComponentModel.DataAnnotations;

namespace Seatwise.Workflows;

/// <summary>
/// Settings under <c>FocusHub__</c>: the export of each run's month in FOCUS 1.2 to a FinOps hub's ingestion
/// container (docs/finops.md). Off unless <see cref="Enabled"/>.
/// </summary>
public sealed class FocusHubSettings
{
    public const string Section = "FocusHub";

    public bool Enabled { get; set; }

    /// <summary>The hub storage account's blob endpoint (<c>https://{account}.blob.core.windows.net</c>), reached with the app's managed identity; empty: the app's own storage account.</summary>
    public string? BlobServiceUri { get; set; }

    /// <summary>A user-assigned identity's client id for the hub account; empty: the system-assigned identity.</summary>
    public string? ClientId { get; set; }

    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "FocusHub__Container must be a blob container name (3-63 lower-case letters, digits and single hyphens).")]
    public string Container { get; set; } = "ingestion";

    /// <summary>The scope folder below the month; <c>{tenant}</c> is replaced by the tenant id.</summary>
    [RegularExpression("^[A-Za-z0-9{}._-]+(/[A-Za-z0-9{}._-]+)*$", ErrorMessage = "FocusHub__Scope must be folder names separated by '/', such as seatwise/{tenant}.")]
    public string Scope { get; set; } = "seatwise/{tenant}";

    public string ScopeFor(string tenant) => Scope.Replace("{tenant}", tenant, StringComparison.Ordinal);
}
