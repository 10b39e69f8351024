using System.Text.Json.Serialization;
using Seatwise.Core.Inventory;
using Seatwise.Sources.Vendors;
using Seatwise.Sources.Zoom;

namespace Seatwise.Sources.Reclaim;

/// <summary>
/// Zoom: a reclaimed seat becomes a Basic user (<c>PATCH /users/{userId}</c> with <c>type: 1</c>); undo makes it
/// Licensed again (<c>type: 2</c>). The user is read first (<c>GET /users/{userId}</c>).
/// </summary>
public sealed class ZoomSeatWriter(HttpClient http, ZoomOptions options) : ToggleSeatWriter
{
    public const int BasicType = 1;

    public override string Source => SourceNames.Zoom;

    protected override string Name(bool holdsSeat) => holdsSeat ? $"Licensed (type {ZoomSource.LicensedType})" : $"Basic (type {BasicType})";

    protected override VendorApi Api() => new(http, options, ZoomSource.Profile);

    protected override string UserUrl(VendorApi api, Core.Reclaim.ReclaimItem item) => api.Url("users/" + Uri.EscapeDataString(item.AccountId));

    protected override (HttpMethod Method, object Body) Write(bool holdsSeat) => (HttpMethod.Patch, new { type = holdsSeat ? ZoomSource.LicensedType : BasicType });

    protected override async Task<bool> HoldsSeatAsync(VendorApi api, string url, CancellationToken cancellationToken) =>
        (await api.GetAsync<ZoomUser>(url, cancellationToken)).Body.Type != BasicType;

    private sealed record ZoomUser([property: JsonPropertyName("type")] int Type);
}
