using System.Net;
using Seatwise.Core.Reclaim;
using Seatwise.Sources.Vendors;

namespace Seatwise.Sources.Reclaim;

/// <summary>
/// A vendor whose seat is one flag on the user (Zoom's type, Slack's and Salesforce's active): read the user, and
/// write the flag only when it is not already what the phase wants, so a repeat sends nothing. Execution takes the
/// seat away, undo gives it back.
/// </summary>
public abstract class ToggleSeatWriter : IReclaimWriter
{
    public abstract string Source { get; }

    /// <summary>What the seat holder is called in this vendor's words for each state ("Basic", "deactivated").</summary>
    protected abstract string Name(bool holdsSeat);

    protected abstract VendorApi Api();

    protected abstract string UserUrl(VendorApi api, ReclaimItem item);

    /// <summary>The write that gives (<paramref name="holdsSeat"/>) or takes the seat.</summary>
    protected abstract (HttpMethod Method, object Body) Write(bool holdsSeat);

    /// <summary>Whether the user holds the seat now, from its read.</summary>
    protected abstract Task<bool> HoldsSeatAsync(VendorApi api, string url, CancellationToken cancellationToken);

    public ReclaimRequest Describe(ReclaimItem item, string phase)
    {
        var (method, body) = Write(phase != ReclaimPhases.Execute);
        return new(method.Method, UserUrl(Api(), item), ReclaimSteps.Body(body));
    }

    public async Task<ReclaimStep> ApplyAsync(ReclaimItem item, string phase, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var api = Api();
        var url = UserUrl(api, item);
        var requests = new List<string> { $"GET {url}" };
        var wanted = phase != ReclaimPhases.Execute;
        try
        {
            bool holds;
            try
            {
                holds = await HoldsSeatAsync(api, url, cancellationToken);
            }
            catch (SourceFailedException ex) when (ex.Status == HttpStatusCode.NotFound)
            {
                return ReclaimSteps.Step(phase, ReclaimOutcomes.Skipped, "The user no longer exists: there is no seat to act on.", now, requests);
            }

            if (holds == wanted)
            {
                return ReclaimSteps.Step(phase, ReclaimOutcomes.Skipped, $"The user is already {Name(wanted)}: nothing was sent.", now, requests);
            }

            var (method, body) = Write(wanted);
            requests.Add(Describe(item, phase).ToString());
            await api.SendJsonAsync<NoBody>(method, url, body, cancellationToken);
            return ReclaimSteps.Step(phase, ReclaimOutcomes.Done, $"The user is now {Name(wanted)}.", now, requests, "2xx");
        }
        catch (SourceFailedException ex)
        {
            return ReclaimSteps.Failed(phase, ex, now, requests);
        }
    }

    /// <summary>Writes answer 204 or echo the user; nothing of it is needed.</summary>
    private sealed record NoBody;
}
