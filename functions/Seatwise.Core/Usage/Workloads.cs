namespace Seatwise.Core.Usage;

/// <summary>
/// The Microsoft 365 workloads whose use the usage reports date, and which service plans of a product stand for
/// each. One list: the Graph source, the seat-line evidence (JSON and CSV columns) and the docs follow it.
/// </summary>
public static class Workloads
{
    public const string Exchange = "exchange";
    public const string OneDrive = "oneDrive";
    public const string SharePoint = "sharePoint";
    public const string Teams = "teams";
    public const string VivaEngage = "vivaEngage";
    public const string Skype = "skype";
    public const string Copilot = "copilot";

    /// <summary>In the order of the seat-line CSV columns.</summary>
    public static readonly IReadOnlyList<string> All = [Exchange, OneDrive, SharePoint, Teams, VivaEngage, Skype, Copilot];

    /// <summary>The seat-line CSV column of a workload's last activity date.</summary>
    public static string CsvColumn(string workload) => workload + "LastActivity";

    /// <summary>
    /// The workloads a product includes, from its service plan names (as <c>subscribedSkus</c> lists them). Exchange
    /// Foundation (<c>EXCHANGE_S_FOUNDATION</c>) rides along in many non-mail products (Power BI, Project), so it is
    /// not Exchange use. A product whose only workload is Copilot is a Copilot add-on, judged by Copilot use alone;
    /// Copilot plans inside a suite do not make the suite a Copilot seat.
    /// </summary>
    public static IReadOnlySet<string> Of(IEnumerable<string> servicePlans)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plan in servicePlans.Select(p => p.ToUpperInvariant()))
        {
            if (plan.Contains("COPILOT", StringComparison.Ordinal))
            {
                found.Add(Copilot);
            }
            else if (plan.StartsWith("EXCHANGE_", StringComparison.Ordinal) && plan != "EXCHANGE_S_FOUNDATION")
            {
                found.Add(Exchange);
            }
            else if (plan.StartsWith("SHAREPOINTENTERPRISE", StringComparison.Ordinal) || plan.StartsWith("SHAREPOINTSTANDARD", StringComparison.Ordinal))
            {
                // SharePoint Online includes OneDrive for Business.
                found.Add(SharePoint);
                found.Add(OneDrive);
            }
            else if (plan.StartsWith("ONEDRIVE", StringComparison.Ordinal))
            {
                found.Add(OneDrive);
            }
            else if (plan.StartsWith("TEAMS", StringComparison.Ordinal))
            {
                found.Add(Teams);
            }
            else if (plan.StartsWith("MCOSTANDARD", StringComparison.Ordinal))
            {
                found.Add(Skype);
            }
            else if (plan.StartsWith("YAMMER", StringComparison.Ordinal))
            {
                found.Add(VivaEngage);
            }
        }

        if (found.Count > 1)
        {
            found.Remove(Copilot);
        }

        return found;
    }
}
