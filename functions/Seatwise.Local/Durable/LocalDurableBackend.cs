using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask.Worker.Shims;
using Seatwise.Workflows.Hosting;
using CoreOrchestrationStatus = DurableTask.Core.OrchestrationStatus;
using OrchestrationState = Seatwise.Workflows.Hosting.OrchestrationState;

namespace Seatwise.Local.Durable;

/// <summary>
/// The Durable Task Framework with its Azure Storage backend (the provider Durable Functions uses in Azure),
/// running our <see cref="Microsoft.DurableTask.TaskOrchestrationContext"/>-based orchestrations through <see cref="DurableTaskShimFactory"/>.
/// Runs survive a restart of the local host exactly as they survive one in Azure.
/// </summary>
public sealed class LocalDurableBackend : IOrchestrationPort, IAsyncDisposable
{
    private readonly AzureStorageOrchestrationService _service;
    private readonly TaskHubWorker _worker;
    private readonly TaskHubClient _client;
    private readonly ILogger _logger;
    private readonly string _taskHubName;
    private readonly List<RegisteredFunction> _registered = [];
    private bool _started;

    public LocalDurableBackend(LocalDurableOptions options, IServiceProvider services, ILoggerFactory loggerFactory)
    {
        _logger = loggerFactory.CreateLogger<LocalDurableBackend>();
        _taskHubName = options.TaskHubName;
        var settings = Settings(options);
        settings.LoggerFactory = loggerFactory;
        _service = new AzureStorageOrchestrationService(settings);
        var converter = new DurableTaskConverterAdapter(Microsoft.DurableTask.Converters.JsonDataConverter.Default);
        var shims = new DurableTaskShimFactory(options: null, loggerFactory);
        _worker = new TaskHubWorker(_service, loggerFactory);
        // The registry's list, plus any a test host adds to its services (the self-test orchestration).
        foreach (var orchestrator in WorkflowRegistry.Orchestrators.Concat(services.GetServices<OrchestratorRegistration>()))
        {
            _worker.AddTaskOrchestrations(new Creator<TaskOrchestration>(orchestrator.Name,
                () => shims.CreateOrchestration(orchestrator.Name, orchestrator.Factory())));
            _registered.Add(new RegisteredFunction("orchestration", orchestrator.Name));
        }

        foreach (var activity in WorkflowRegistry.Activities.Concat(services.GetServices<ActivityRegistration>()))
        {
            _worker.AddTaskActivities(new Creator<DurableTask.Core.TaskActivity>(activity.Name,
                () => shims.CreateActivity(activity.Name, activity.Factory(services))));
            _registered.Add(new RegisteredFunction("activity", activity.Name));
        }

        _client = new TaskHubClient(_service, converter, loggerFactory);
    }

    /// <summary>
    /// Where renewing an activity's message starts: the Durable Task activity dispatcher renews it once fewer than
    /// this many seconds of its visibility are left, checking every 5 seconds.
    /// </summary>
    public static readonly TimeSpan ActivityRenewalLead = TimeSpan.FromSeconds(30);

    /// <summary>The backend's settings for these options (without logging).</summary>
    public static AzureStorageOrchestrationServiceSettings Settings(LocalDurableOptions options)
    {
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHubName,
            StorageAccountClientProvider = new StorageAccountClientProvider(options.ConnectionString),
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500),
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
        };
        if (options.FastRecovery)
        {
            settings.PartitionCount = 1;
            settings.ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(10);
            // Not 10 s like the control queue: an activity's message is renewed every 5 s once less than
            // ActivityRenewalLead is left, so 10 s left 5 s between a late renewal and a second worker taking
            // the activity; on a saturated Azurite (100,000 users) renewals were that late and long activities
            // ran twice at once. 30 s leaves 25 s, and a crashed host's activity still comes back within 30 s.
            settings.WorkItemQueueVisibilityTimeout = ActivityRenewalLead;
            settings.LeaseInterval = TimeSpan.FromSeconds(10);
            settings.LeaseRenewInterval = TimeSpan.FromSeconds(3);
            settings.LeaseAcquireInterval = TimeSpan.FromSeconds(2);
        }

        return settings;
    }

    /// <summary>What this backend registered with the Durable Task worker, as it did it (for the host-parity test).</summary>
    public IReadOnlyList<RegisteredFunction> Registered => _registered;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _service.CreateIfNotExistsAsync();
        await _worker.StartAsync();
        _started = true;
        _logger.LogInformation("Durable Task worker started on task hub {TaskHub}", _taskHubName);
    }

    /// <summary>How long stopping may wait for the worker; past it the host exits anyway (see <see cref="StopAsync"/>).</summary>
    public static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Stops the worker, waiting at most <see cref="StopBudget"/>. The Durable Task worker's stop ignores
    /// cancellation and, with storage gone, waits on it for minutes; past the budget its in-flight work is
    /// abandoned, which is safe: orchestrations and activities resume from their durable history on the next start.
    /// </summary>
    public async Task StopAsync()
    {
        if (!_started)
        {
            return;
        }

        _started = false;
        var stop = _worker.StopAsync(isForced: true);
        if (await Task.WhenAny(stop, Task.Delay(StopBudget)) == stop)
        {
            await stop;
            return;
        }

        // Observe a late failure so it does not surface as an unobserved task exception.
        _ = stop.ContinueWith(t => t.Exception, TaskScheduler.Default);
        _logger.LogWarning(
            "Durable Task worker did not stop within {Seconds} s (storage not answering?): abandoned its in-flight orchestrations and activities; they resume from their durable history on the next start",
            StopBudget.TotalSeconds);
    }

    public async Task<bool> StartAsync(string orchestrationName, string instanceId, object? input, CancellationToken cancellationToken)
    {
        var existing = await _client.GetOrchestrationStateAsync(instanceId);
        if (existing?.OrchestrationStatus is CoreOrchestrationStatus.Pending or CoreOrchestrationStatus.Running or CoreOrchestrationStatus.ContinuedAsNew)
        {
            return false;
        }

        // Completed or failed instances with the same id may be started again (a second run on the same day).
        await _client.CreateOrchestrationInstanceAsync(orchestrationName, string.Empty, instanceId, input, tags: null,
            dedupeStatuses: [CoreOrchestrationStatus.Pending, CoreOrchestrationStatus.Running, CoreOrchestrationStatus.ContinuedAsNew]);
        return true;
    }

    public async Task<OrchestrationSnapshot?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        var state = await _client.GetOrchestrationStateAsync(instanceId);
        if (state is null)
        {
            return null;
        }

        var failure = state.OrchestrationStatus == CoreOrchestrationStatus.Failed
            ? state.FailureDetails?.ErrorMessage ?? state.Output
            : null;
        return new OrchestrationSnapshot(
            state.OrchestrationInstance.InstanceId,
            state.Name,
            Map(state.OrchestrationStatus),
            new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
            new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
            state.OrchestrationStatus == CoreOrchestrationStatus.Completed ? state.Output : null,
            failure);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _service.Dispose();
    }

    private static OrchestrationState Map(CoreOrchestrationStatus status) => status switch
    {
        CoreOrchestrationStatus.Pending => OrchestrationState.Pending,
        CoreOrchestrationStatus.Running or CoreOrchestrationStatus.ContinuedAsNew or CoreOrchestrationStatus.Suspended => OrchestrationState.Running,
        CoreOrchestrationStatus.Completed => OrchestrationState.Completed,
        CoreOrchestrationStatus.Terminated or CoreOrchestrationStatus.Canceled => OrchestrationState.Terminated,
        _ => OrchestrationState.Failed,
    };

    private sealed class Creator<T> : ObjectCreator<T>
    {
        private readonly Func<T> _create;

        public Creator(string name, Func<T> create)
        {
            Name = name;
            Version = string.Empty;
            _create = create;
        }

        public override T Create() => _create();
    }
}

/// <summary>An orchestration or activity as the local backend registered it.</summary>
public sealed record RegisteredFunction(string Kind, string Name);
