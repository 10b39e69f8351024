using System.Text.Json;
using System.Text.Json.Serialization;
using Seatwise.Core.Inventory;
using Seatwise.Sources.Slack;
using Seatwise.Sources.Vendors;

namespace Seatwise.Sources.Reclaim;

/// <summary>
/// Slack: a reclaimed seat is a deactivated member (Slack stops billing deactivated members), through the SCIM API
/// (<c>PATCH {ScimBaseUrl}/Users/{id}</c> with a SCIM PatchOp setting <c>active</c>; undo sets it back). SCIM needs
/// a Business+ or Enterprise Grid plan and a token with the <c>admin</c> scope; the member is read first
/// (<c>GET {ScimBaseUrl}/Users/{id}</c>).
/// </summary>
public sealed class SlackSeatWriter(HttpClient http, SlackOptions options) : ToggleSeatWriter
{
    private const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    // SCIM errors are {"Errors": {"description": ..., "code": ...}}, not the Web API's {"ok": false, "error": ...}.
    private static readonly VendorProfile Scim = SlackSource.Profile with
    {
        ErrorMessage = body => body.TryGetProperty("Errors", out var e) && e.ValueKind == JsonValueKind.Object && e.TryGetProperty("description", out var d) ? d.GetString() : null,
    };

    public override string Source => SourceNames.Slack;

    protected override string Name(bool holdsSeat) => holdsSeat ? "an active member" : "deactivated";

    protected override VendorApi Api() => new(http, options, Scim);

    protected override string UserUrl(VendorApi api, Core.Reclaim.ReclaimItem item) => options.ScimBaseUrl.TrimEnd('/') + "/Users/" + Uri.EscapeDataString(item.AccountId);

    protected override (HttpMethod Method, object Body) Write(bool holdsSeat) =>
        (HttpMethod.Patch, new Dictionary<string, object>
        {
            ["schemas"] = new[] { PatchOp },
            ["Operations"] = new[] { new { op = "replace", path = "active", value = holdsSeat } },
        });

    protected override async Task<bool> HoldsSeatAsync(VendorApi api, string url, CancellationToken cancellationToken) =>
        (await api.GetAsync<ScimUser>(url, cancellationToken)).Body.Active;

    private sealed record ScimUser([property: JsonPropertyName("active")] bool Active);
}
