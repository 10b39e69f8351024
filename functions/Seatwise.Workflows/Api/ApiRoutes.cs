using Seatwise.Workflows.Health;

namespace Seatwise.Workflows.Api;

/// <summary>The route table: every HTTP operation of Seatwise, served identically by both hosts.</summary>
public static class ApiRoutes
{
    public static readonly ApiRoute Health = new(nameof(HealthApi.GetHealth), "GET", "health", Anonymous: true, HealthApi.GetHealth);

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        Health,
    ];

    public static ApiRoute Get(string name) =>
        All.FirstOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"No API route named {name}.");
}
