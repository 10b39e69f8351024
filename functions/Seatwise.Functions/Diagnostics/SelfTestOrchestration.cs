using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Seatwise.Workflows.Diagnostics;

namespace Seatwise.Functions.Diagnostics;

public static class SelfTestOrchestrationFunction
{
    [Function(nameof(SelfTestOrchestration))]
    public static Task<SelfTestResult> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        SelfTestOrchestration.RunAsync(context, context.GetInput<int>());
}

public sealed class SelfTestStepFunction(SelfTestStep activity)
{
    [Function(nameof(SelfTestStep))]
    public Task<int> Run([ActivityTrigger] int input, CancellationToken cancellationToken) =>
        activity.RunAsync(input, cancellationToken);
}
