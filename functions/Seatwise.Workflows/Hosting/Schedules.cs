namespace Seatwise.Workflows.Hosting;

/// <summary>
/// The timers' schedule settings, written once. The app settings are <c>Schedules__Sync</c> and
/// <c>Schedules__Digest</c>; configuration reads environment variables with <c>__</c> turned into <c>:</c>, and the
/// Functions host resolves a <c>%name%</c> binding expression with <c>configuration[name]</c>, so the trigger
/// attributes must name the <c>:</c> form (the <c>__</c> form never resolves in Azure and the timer never fires).
/// </summary>
public static class Schedules
{
    public const string SyncKey = "Schedules:Sync";
    public const string DigestKey = "Schedules:Digest";

    /// <summary>The tick that starts registry tenants with their own schedule (every 15 minutes by default).</summary>
    public const string TenantTickKey = "Schedules:TenantTick";

    /// <summary>The binding expressions of the Functions app's timer triggers.</summary>
    public const string SyncExpression = "%" + SyncKey + "%";
    public const string DigestExpression = "%" + DigestKey + "%";
    public const string TenantTickExpression = "%" + TenantTickKey + "%";

    /// <summary>Every 15 minutes: a tenant's own schedule is honoured to within this.</summary>
    public const string DefaultTenantTick = "0 */15 * * * *";

    /// <summary>02:00 UTC every day.</summary>
    public const string DefaultSync = "0 0 2 * * *";

    /// <summary>Mondays 08:00 UTC.</summary>
    public const string DefaultDigest = "0 0 8 * * 1";

    /// <summary>The app setting (environment variable) that carries a configuration key.</summary>
    public static string SettingName(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
