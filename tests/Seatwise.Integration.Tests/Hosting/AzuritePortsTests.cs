using Seatwise.Local.Azurite;

namespace Seatwise.Integration.Tests.Hosting;

public sealed class AzuritePortsTests
{
    /// <summary>
    /// Each port was once taken and released before the next was asked for, so the system could hand the same
    /// ephemeral port out twice and Azurite then failed with EADDRINUSE on its own second listener.
    /// </summary>
    [Fact]
    public void Free_GivesThreeDifferentPorts_EveryTime()
    {
        for (var i = 0; i < 500; i++)
        {
            var ports = AzuritePorts.Free();
            Assert.Equal(3, new[] { ports.Blob, ports.Queue, ports.Table }.Distinct().Count());
        }
    }
}
