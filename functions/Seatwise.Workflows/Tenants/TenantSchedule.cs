using Cronos;

namespace Seatwise.Workflows.Tenants;

/// <summary>A registry tenant's own schedule: six-field cron (seconds first), UTC, as the deployment's timers read theirs.</summary>
public static class TenantSchedule
{
    /// <summary>
    /// How far back a tick looks for an occurrence: two ticks of the default 15 minutes, so a late or lost tick
    /// never drops a run (the run id, which names the occurrence, keeps a second tick from starting it again).
    /// </summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(30);

    /// <summary>Why the expression is not a schedule, or null.</summary>
    public static string? Problem(string expression)
    {
        try
        {
            CronExpression.Parse(expression, CronFormat.IncludeSeconds);
            return null;
        }
        catch (CronFormatException ex)
        {
            return $"'{expression}' is not a six-field cron expression (second minute hour day month weekday, UTC), e.g. 0 0 2 * * *: {ex.Message}";
        }
    }

    /// <summary>The latest occurrence in (now − <see cref="Window"/>, now], or null when none is due.</summary>
    public static DateTimeOffset? DueOccurrence(string expression, DateTimeOffset now)
    {
        var cron = CronExpression.Parse(expression, CronFormat.IncludeSeconds);
        var due = cron.GetOccurrences(now.UtcDateTime - Window, now.UtcDateTime, fromInclusive: false, toInclusive: true).LastOrDefault();
        return due == default ? null : new DateTimeOffset(due, TimeSpan.Zero);
    }
}
