using System.Text.Json;
using Seatwise.Core.Inventory;

namespace Seatwise.Core.Tests.Inventory;

/// <summary>Snapshots are JSON Lines written with the web defaults; seats written before per-product activity existed must still read.</summary>
public sealed class SeatAssignmentJsonTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public void PlainSeat_WritesNoActivityFields_AndAnOldLineReadsAsAccountActivity()
    {
        var written = JsonSerializer.Serialize(new SeatAssignment("SPE_E3"), Json);
        var old = JsonSerializer.Deserialize<SeatAssignment>("{\"productKey\":\"SPE_E3\",\"assignedAt\":null}", Json)!;

        Assert.Equal("{\"productKey\":\"SPE_E3\",\"assignedAt\":null}", written);
        Assert.Null(old.LastActiveAt);
        Assert.False(old.ActivityUnknown);
    }

    [Fact]
    public void PerProductActivity_RoundTrips()
    {
        var seat = new SeatAssignment("copilot_business", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero));
        var member = new SeatAssignment("enterprise", ActivityUnknown: true);

        Assert.Equal(seat, JsonSerializer.Deserialize<SeatAssignment>(JsonSerializer.Serialize(seat, Json), Json));
        Assert.Equal(member, JsonSerializer.Deserialize<SeatAssignment>(JsonSerializer.Serialize(member, Json), Json));
    }
}
