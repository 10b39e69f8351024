using System.Net;
using System.Text.Json.Serialization;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reclaim;
using Seatwise.Sources.Vendors;
using Seatwise.Sources.Zoom;

namespace Seatwise.Sources.Reclaim;

/// <summary>
/// Zoom: a reclaimed seat becomes a Basic user (<c>PATCH /users/{userId}</c> with <c>type: 1</c>); undo makes it
/// Licensed again (<c>type: 2</c>). The user is read first, so a user already Basic is skipped, not patched again.
/// </summary>
public sealed class ZoomSeatWriter(HttpClient http, ZoomOptions options) : IReclaimWriter
{
    public const int BasicType = 1;

    public string Source => SourceNames.Zoom;

    public ReclaimRequest Describe(ReclaimItem item, string phase) =>
        new("PATCH", Url(new VendorApi(http, options, ZoomSource.Profile), item), ReclaimSteps.Body(new { type = Target(phase) }));

    public async Task<ReclaimStep> ApplyAsync(ReclaimItem item, string phase, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var api = new VendorApi(http, options, ZoomSource.Profile);
        var url = Url(api, item);
        var requests = new List<string> { $"GET {url}" };
        try
        {
            ZoomUser user;
            try
            {
                user = (await api.GetAsync<ZoomUser>(url, cancellationToken)).Body;
            }
            catch (SourceFailedException ex) when (ex.Status == HttpStatusCode.NotFound)
            {
                return ReclaimSteps.Step(phase, ReclaimOutcomes.Skipped, "The Zoom user no longer exists: there is no seat to act on.", now, requests);
            }

            var target = Target(phase);
            if (user.Type == target)
            {
                return ReclaimSteps.Step(phase, ReclaimOutcomes.Skipped, $"The Zoom user is already {Name(target)}: nothing was sent.", now, requests);
            }

            var write = Describe(item, phase);
            requests.Add(write.ToString());
            await api.SendJsonAsync<NoBody>(HttpMethod.Patch, url, new { type = target }, cancellationToken);
            return ReclaimSteps.Step(phase, ReclaimOutcomes.Done, $"The Zoom user is now {Name(target)} (was type {user.Type}).", now, requests, "204 No Content");
        }
        catch (SourceFailedException ex)
        {
            return ReclaimSteps.Failed(phase, ex, now, requests);
        }
    }

    private static int Target(string phase) => phase == ReclaimPhases.Execute ? BasicType : ZoomSource.LicensedType;

    private static string Name(int type) => type == BasicType ? "Basic (type 1)" : $"Licensed (type {type})";

    private static string Url(VendorApi api, ReclaimItem item) => api.Url("users/" + Uri.EscapeDataString(item.AccountId));

    private sealed record ZoomUser([property: JsonPropertyName("type")] int Type);

    private sealed record NoBody;
}
