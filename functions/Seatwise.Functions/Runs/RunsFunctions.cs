using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Hosting;
using Seatwise.Workflows.Runs;

namespace Seatwise.Functions.Runs;

public static class SyncAndReconcileFunction
{
    [Function(nameof(SyncAndReconcileOrchestration))]
    public static Task<RunRecord?> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        SyncAndReconcileOrchestration.RunAsync(context, context.GetInput<RunInput>()!);
}

public static class StartRun
{
    [Function(nameof(StartRun))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Features.Set<IOrchestrationPort>(new DurableClientPort(client));
        return FunctionApi.ExecuteAsync(nameof(StartRun), request, cancellationToken);
    }
}

public static class ListRuns
{
    [Function(nameof(ListRuns))]
    public static Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs")] HttpRequest request, CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListRuns), request, cancellationToken);
}

public static class GetRun
{
    [Function(nameof(GetRun))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{runId}")] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Features.Set<IOrchestrationPort>(new DurableClientPort(client));
        return FunctionApi.ExecuteAsync(nameof(GetRun), request, cancellationToken, new Dictionary<string, string?> { ["runId"] = runId });
    }
}

/// <summary>Starts the nightly run; it does no work itself.</summary>
public sealed class InventorySyncTimer(RunStarter starter)
{
    [Function(nameof(InventorySyncTimer))]
    public Task Run([TimerTrigger(Schedules.SyncExpression)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        starter.StartAsync(new DurableClientPort(client), "timer", cancellationToken);
}
