using System.Text.Json.Serialization;
using Seatwise.Core.Inventory;
using Seatwise.Sources.Salesforce;
using Seatwise.Sources.Vendors;

namespace Seatwise.Sources.Reclaim;

/// <summary>
/// Salesforce: a reclaimed seat is a deactivated user, which frees its licence (<c>PATCH
/// /services/data/{version}/sobjects/User/{Id}</c> with <c>IsActive: false</c>; undo sets it true, if a licence is
/// free). Salesforce refuses to deactivate some users (the default workflow user, a user in a hierarchy field); its
/// message is the seat's failed detail. The user is read first (<c>GET ...?fields=IsActive</c>).
/// </summary>
public sealed class SalesforceSeatWriter(HttpClient http, SalesforceOptions options) : ToggleSeatWriter
{
    public override string Source => SourceNames.Salesforce;

    protected override string Name(bool holdsSeat) => holdsSeat ? "active" : "deactivated";

    protected override VendorApi Api() => new(http, options, SalesforceSource.Profile);

    protected override string UserUrl(VendorApi api, Core.Reclaim.ReclaimItem item) =>
        api.Url($"services/data/{options.ApiVersion}/sobjects/User/{Uri.EscapeDataString(item.AccountId)}");

    // A dictionary, so the field keeps its API name's case (the JSON options camel-case property names).
    protected override (HttpMethod Method, object Body) Write(bool holdsSeat) => (HttpMethod.Patch, new Dictionary<string, bool> { ["IsActive"] = holdsSeat });

    protected override async Task<bool> HoldsSeatAsync(VendorApi api, string url, CancellationToken cancellationToken) =>
        (await api.GetAsync<SalesforceUser>(url + "?fields=IsActive", cancellationToken)).Body.IsActive;

    private sealed record SalesforceUser([property: JsonPropertyName("IsActive")] bool IsActive);
}
