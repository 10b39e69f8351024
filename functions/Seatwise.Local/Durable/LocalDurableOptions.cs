namespace Seatwise.Local.Durable;

/// <summary>How the local host runs the Durable Task Framework on its Azure Storage backend.</summary>
public sealed class LocalDurableOptions
{
    /// <summary>The task hub, the same name host.json gives the Functions app.</summary>
    public string TaskHubName { get; set; } = "Seatwise";

    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>
    /// Short leases and visibility timeouts: one local process owns the hub, so after a crash the restarted host
    /// takes its work back in seconds rather than the backend's default of about two minutes.
    /// </summary>
    public bool FastRecovery { get; set; } = true;

    public int MaxConcurrentActivities { get; set; } = 8;
}
