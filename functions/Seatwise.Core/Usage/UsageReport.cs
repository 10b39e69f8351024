using Seatwise.Core.Inventory;

namespace Seatwise.Core.Usage;

/// <summary>
/// The Microsoft 365 usage reports of one run, by identity key: who is listed, and their last use per workload.
/// <see cref="HasOffice"/> and <see cref="HasCopilot"/> say which reports were read.
/// </summary>
public sealed class UsageReport
{
    private readonly Dictionary<string, Dictionary<string, DateTimeOffset>> _office = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset?> _copilot = new(StringComparer.Ordinal);

    /// <summary>The active-user report (Exchange, OneDrive, SharePoint, Teams, Viva Engage, Skype) was read.</summary>
    public bool HasOffice { get; private set; }

    /// <summary>The Copilot usage report was read.</summary>
    public bool HasCopilot { get; private set; }

    public int OfficeRows => _office.Count;

    public int CopilotRows => _copilot.Count;

    public void MarkOfficeRead() => HasOffice = true;

    public void MarkCopilotRead() => HasCopilot = true;

    public void AddOffice(string identityKey, IReadOnlyDictionary<string, DateTimeOffset> dates) => _office[identityKey] = new Dictionary<string, DateTimeOffset>(dates, StringComparer.Ordinal);

    public void AddCopilot(string identityKey, DateTimeOffset? lastActivity) => _copilot[identityKey] = lastActivity;

    /// <summary>
    /// How a Microsoft seat is judged (DESIGN section 6, extended by the usage reports):
    /// <list type="bullet">
    /// <item>A Copilot add-on: by Copilot use alone, when the Copilot report was read. Listed with no date: no use in
    /// the period (inactive, whatever the sign-ins say). Not listed: the report's people are those with a Copilot
    /// licence, so the seat is judged by sign-in as before.</item>
    /// <item>A product with report workloads: the latest of sign-in activity (when known) and the report's dates of
    /// that product's workloads. Listed with none: evidence of no use since the period began; without sign-in data
    /// (no Entra ID P1) the report alone decides and the seat is inactive.</item>
    /// <item>Without sign-in data, a seat is <c>unknown</c> when the report does not list its holder, or the product
    /// has no workload the reports date (Visio, Power BI...).</item>
    /// </list>
    /// </summary>
    /// <param name="signInKnown">The tenant gives sign-in activity (Entra ID P1).</param>
    public SeatAssignment Judge(Account account, SeatAssignment seat, IReadOnlySet<string> productWorkloads, bool signInKnown)
    {
        var key = account.IdentityKey;
        if (productWorkloads.Count == 1 && productWorkloads.Contains(Workloads.Copilot))
        {
            if (HasCopilot && _copilot.TryGetValue(key, out var used))
            {
                var usage = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
                if (used is { } at)
                {
                    usage[Workloads.Copilot] = at;
                }

                return seat with { LastActiveAt = used, JudgedBySeat = true, Usage = usage };
            }

            return signInKnown ? seat : seat with { ActivityUnknown = true };
        }

        if (productWorkloads.Count == 0 || !HasOffice || !_office.TryGetValue(key, out var dates))
        {
            return signInKnown ? seat : seat with { ActivityUnknown = true };
        }

        var evidence = dates.Where(d => productWorkloads.Contains(d.Key)).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
        DateTimeOffset? latest = evidence.Count == 0 ? null : evidence.Values.Max();
        var signIn = signInKnown ? account.LastActivity : null;
        var activity = Latest(signIn, latest);
        return seat with { LastActiveAt = activity, JudgedBySeat = true, Usage = evidence };
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a > b ? a : b);
}
