using Seatwise.Workflows.Contracts;
using Seatwise.Workflows.Health;
using Seatwise.Workflows.Runs;

namespace Seatwise.Workflows.Api;

/// <summary>The route table: every HTTP operation of Seatwise, served identically by both hosts.</summary>
public static class ApiRoutes
{
    public static readonly ApiRoute Health = new(nameof(HealthApi.GetHealth), "GET", "health", Anonymous: true, HealthApi.GetHealth);

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        Health,
        new(nameof(OpenApiDocument.GetOpenApi), "GET", "openapi.json", Anonymous: true, OpenApiDocument.GetOpenApi),
        new(nameof(ContractsApi.ListContracts), "GET", "contracts", Anonymous: false, ContractsApi.ListContracts),
        new(nameof(ContractsApi.CreateContract), "POST", "contracts", Anonymous: false, ContractsApi.CreateContract),
        new(nameof(ContractsApi.ImportContracts), "POST", "contracts/import", Anonymous: false, ContractsApi.ImportContracts),
        new(nameof(ContractsApi.GetContract), "GET", "contracts/{id}", Anonymous: false, ContractsApi.GetContract),
        new(nameof(ContractsApi.ReplaceContract), "PUT", "contracts/{id}", Anonymous: false, ContractsApi.ReplaceContract),
        new(nameof(ContractsApi.DeleteContract), "DELETE", "contracts/{id}", Anonymous: false, ContractsApi.DeleteContract),
        new(nameof(RunsApi.StartRun), "POST", "runs", Anonymous: false, RunsApi.StartRun),
        new(nameof(RunsApi.ListRuns), "GET", "runs", Anonymous: false, RunsApi.ListRuns),
        new(nameof(RunsApi.GetRun), "GET", "runs/{runId}", Anonymous: false, RunsApi.GetRun),
    ];

    public static ApiRoute Get(string name) =>
        All.FirstOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"No API route named {name}.");
}
