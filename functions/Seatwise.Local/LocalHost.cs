using System.Text.Json;
using Seatwise.Local.Azurite;
using Seatwise.Local.Durable;
using Seatwise.Local.Http;
using Seatwise.Local.Timers;
using Seatwise.Workflows;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Local;

/// <summary>
/// The local host: the same route table, orchestrations, activities and timers as the Functions app, on Kestrel
/// and the Durable Task Framework over Azurite (started here when needed, stopped on exit).
/// </summary>
public sealed class LocalHost : IAsyncDisposable
{
    private const string DevelopmentStorage = "UseDevelopmentStorage=true";
    private readonly WebApplication _app;
    private readonly AzuriteLauncher? _azurite;

    private LocalHost(WebApplication app, AzuriteLauncher? azurite, bool onAzurite, Uri baseAddress)
    {
        OnAzurite = onAzurite;
        _app = app;
        _azurite = azurite;
        BaseAddress = baseAddress;
    }

    /// <summary>The root of the API, e.g. <c>http://127.0.0.1:7071/</c>.</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The PID of the Azurite this host started, or null when it uses one that was already running.</summary>
    public int? AzuriteProcessId => _azurite?.ProcessId;

    /// <summary>True when the host runs on Azurite as the development storage account (started here or already running).</summary>
    public bool OnAzurite { get; }

    public IOrchestrationPort Orchestrations => _app.Services.GetRequiredService<IOrchestrationPort>();

    /// <summary>Completes when the durable worker is running (storage reachable and task hub created).</summary>
    public Task DurableReady => _app.Services.GetRequiredService<DurableBackendService>().Ready;

    public static async Task<LocalHost> StartAsync(LocalHostSettings settings, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings.Settings);

        var connectionString = builder.Configuration["AzureWebJobsStorage"];
        var identityStorage = string.IsNullOrWhiteSpace(connectionString) && builder.Configuration.GetSection("AzureWebJobsStorage").GetChildren().Any();
        connectionString = string.IsNullOrWhiteSpace(connectionString) && !identityStorage ? DevelopmentStorage : connectionString;

        AzuriteLauncher? azurite = null;
        var onAzurite = string.Equals(connectionString?.Trim().TrimEnd(';'), DevelopmentStorage, StringComparison.OrdinalIgnoreCase);
        if (onAzurite)
        {
            var ports = settings.AzuritePorts;
            connectionString = ports.ConnectionString;
            if (await AzuriteLauncher.IsListeningAsync(ports, cancellationToken))
            {
                progress?.Invoke($"Using the Azurite already listening on ports {ports.Blob}/{ports.Queue}/{ports.Table}.");
            }
            else if (settings.StartAzurite)
            {
                var location = settings.AzuriteLocation;
                progress?.Invoke($"Starting Azurite on ports {ports.Blob}/{ports.Queue}/{ports.Table}" + (location is null ? " (in memory)..." : $" (data in {location})..."));
                azurite = await AzuriteLauncher.StartAsync(ports, location, progress, cancellationToken, settings.ToolsPath);
            }
            else
            {
                throw new AzuriteException($"Nothing listens on Azurite's ports {ports.Blob}/{ports.Queue}/{ports.Table} and --no-azurite was given.");
            }

            builder.Configuration["AzureWebJobsStorage"] = connectionString;
        }

        try
        {
            var app = Build(builder, settings, connectionString);
            await app.StartAsync(cancellationToken);
            var address = new Uri($"http://127.0.0.1:{ResolvePort(app, settings.Port)}/");
            return new LocalHost(app, azurite, onAzurite, address);
        }
        catch
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            throw;
        }
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _app.StopAsync(cts.Token);
        }
        finally
        {
            await _app.DisposeAsync();
            if (_azurite is not null)
            {
                await _azurite.DisposeAsync();
            }
        }
    }

    private static WebApplication Build(WebApplicationBuilder builder, LocalHostSettings settings, string? connectionString)
    {
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, settings.Port));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("DurableTask", LogLevel.Warning);
        // "activity started/completed" per call drowns the progress lines the run writes itself.
        builder.Logging.AddFilter("Microsoft.DurableTask", LogLevel.Warning);
        builder.Logging.AddFilter("Azure", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        // The local host serves loopback only (LocalGuard); without Api__Key it is open, tenant routes included.
        builder.Services.AddSingleton(new Seatwise.Workflows.Api.ApiKeyPolicy(OpenWithoutKey: true));
        builder.Services.AddSeatwise(builder.Configuration);
        builder.Services.AddSingleton(new LocalDurableOptions
        {
            ConnectionString = connectionString ?? DevelopmentStorage,
            TaskHubName = TaskHubName(builder.Configuration),
            MaxConcurrentActivities = MaxConcurrentActivities(builder.Configuration),
        });
        builder.Services.AddSingleton<LocalDurableBackend>(sp => new LocalDurableBackend(
            sp.GetRequiredService<LocalDurableOptions>(), sp, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<IOrchestrationPort>(sp => sp.GetRequiredService<LocalDurableBackend>());
        builder.Services.AddSingleton<DurableBackendService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DurableBackendService>());
        if (settings.EnableTimers)
        {
            builder.Services.AddSingleton<CronTimerService>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<CronTimerService>());
        }

        var corsOrigins = CorsOrigins(builder.Configuration["Api:CorsOrigins"]);
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p
            .WithOrigins([.. corsOrigins])
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
            .WithHeaders("x-functions-key", "content-type", "if-match")
            .WithExposedHeaders("ETag", "Location", "Content-Disposition")));
        settings.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseProblemStatusPages();
        app.UseLocalGuard(AllowedHosts(app.Configuration["Api:AllowedHosts"]), corsOrigins);
        if (corsOrigins.Count > 0)
        {
            app.UseCors();
        }

        app.MapSeatwiseApi(app.Configuration["Api:Key"]);
        return app;
    }

    /// <summary>
    /// <c>Api__CorsOrigins</c>: the browser origins allowed to call the API (comma-separated, e.g. a Grafana or
    /// SharePoint host); none by default, as in Azure, where the Function App's CORS list plays this part.
    /// </summary>
    internal static IReadOnlyList<string> CorsOrigins(string? setting)
    {
        var origins = (setting ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var origin in origins)
        {
            if (origin != "*" && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/"))
            {
                throw new InvalidOperationException($"Api__CorsOrigins: '{origin}' is not an origin; use scheme://host[:port] values separated by commas, or *.");
            }
        }

        return [.. origins.Select(o => o.TrimEnd('/'))];
    }

    /// <summary><c>Api__AllowedHosts</c>: host names served besides the loopback names (comma-separated).</summary>
    internal static IReadOnlyList<string> AllowedHosts(string? setting) =>
        [.. (setting ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>
    /// The task hub name from host.json, overridable with the same setting the Functions host reads
    /// (<c>AzureFunctionsJobHost__extensions__durableTask__hubName</c>).
    /// </summary>
    private static string TaskHubName(ConfigurationManager configuration) => DurableSetting(configuration, "hubName") ?? "Seatwise";

    /// <summary>
    /// Activities at once, as the Functions app runs them: host.json's <c>maxConcurrentActivityFunctions</c>, or its
    /// override <c>AzureFunctionsJobHost__extensions__durableTask__maxConcurrentActivityFunctions</c> (fewer activities
    /// at once hold less memory on a large tenant; docs/benchmarks.md).
    /// </summary>
    private static int MaxConcurrentActivities(ConfigurationManager configuration) =>
        int.TryParse(DurableSetting(configuration, "maxConcurrentActivityFunctions"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 100
            ? value
            : new LocalDurableOptions().MaxConcurrentActivities;

    /// <summary>A Durable setting the way the Functions host reads it: the app-setting override first, then host.json.</summary>
    private static string? DurableSetting(ConfigurationManager configuration, string name)
    {
        var overridden = configuration[$"AzureFunctionsJobHost:extensions:durableTask:{name}"];
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return overridden;
        }

        var hostJson = Path.Combine(AppContext.BaseDirectory, "host.json");
        if (File.Exists(hostJson))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(hostJson));
            if (doc.RootElement.TryGetProperty("extensions", out var ext) && ext.TryGetProperty("durableTask", out var dt) &&
                dt.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            }
        }

        return null;
    }

    private static int ResolvePort(WebApplication app, int requested)
    {
        if (requested != 0)
        {
            return requested;
        }

        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no address.");
        return new Uri(first.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)).Port;
    }
}
