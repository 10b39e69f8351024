using Seatwise.DemoTenant.Graph;

namespace Seatwise.DemoTenant;

/// <summary>Runs a demo tenant on Kestrel (loopback): in-process for tests and the local host's demo mode, or standalone.</summary>
public sealed class DemoTenantServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoTenantServer(WebApplication app, DemoTenantState state, Uri root)
    {
        _app = app;
        State = state;
        Root = root;
    }

    public DemoTenantState State { get; }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:5055/</c>.</summary>
    public Uri Root { get; }

    /// <summary>What to set <c>Graph__BaseUrl</c> to.</summary>
    public string GraphBaseUrl => new Uri(Root, "v1.0").ToString();

    /// <summary>What to set <c>Sources__zoom__BaseUrl</c> to.</summary>
    public string ZoomBaseUrl => Under(Vendors.ZoomEndpoints.BasePath);

    /// <summary>What to set <c>Sources__github__BaseUrl</c> to.</summary>
    public string GitHubBaseUrl => Under(Vendors.GitHubEndpoints.BasePath);

    /// <summary>What to set <c>Sources__slack__BaseUrl</c> to.</summary>
    public string SlackBaseUrl => Under(Vendors.SlackEndpoints.BasePath);

    /// <summary>What to set <c>Sources__atlassian__BaseUrl</c> to.</summary>
    public string AtlassianBaseUrl => Under(Vendors.AtlassianEndpoints.BasePath);

    /// <summary>What to set <c>Sources__salesforce__BaseUrl</c> to (the org's instance URL).</summary>
    public string SalesforceBaseUrl => Under(Vendors.SalesforceEndpoints.BasePath);

    /// <summary>What to set <c>Sources__azure__BaseUrl</c> to (Azure Resource Manager).</summary>
    public string AzureBaseUrl => Under(Azure.AzureEndpoints.BasePath);

    /// <summary>
    /// The settings that point every vendor source at this demo tenant (base URL, token, organization), as
    /// <c>Sources:{name}:{key}</c> configuration keys; <c>Enabled</c> is left to the caller.
    /// </summary>
    public IReadOnlyDictionary<string, string> VendorSettings() => new Dictionary<string, string>
    {
        ["Sources:zoom:BaseUrl"] = ZoomBaseUrl,
        ["Sources:zoom:Token"] = Vendors.ZoomEndpoints.Token,
        ["Sources:github:BaseUrl"] = GitHubBaseUrl,
        ["Sources:github:Token"] = Vendors.GitHubEndpoints.Token,
        ["Sources:github:Organization"] = Vendors.GitHubEndpoints.Organization,
        ["Sources:github:Enterprise"] = Vendors.GitHubEndpoints.Enterprise,
        ["Sources:slack:BaseUrl"] = SlackBaseUrl,
        ["Sources:slack:Token"] = Vendors.SlackEndpoints.Token,
        ["Sources:slack:ScimBaseUrl"] = Under(Vendors.SlackEndpoints.ScimPath),
        ["Sources:atlassian:BaseUrl"] = AtlassianBaseUrl,
        ["Sources:atlassian:Token"] = Vendors.AtlassianEndpoints.Token,
        ["Sources:atlassian:OrganizationId"] = Vendors.AtlassianEndpoints.OrganizationId,
        ["Sources:salesforce:BaseUrl"] = SalesforceBaseUrl,
        ["Sources:salesforce:Token"] = Vendors.SalesforceEndpoints.Token,
        ["Sources:azure:BaseUrl"] = AzureBaseUrl,
        ["Sources:azure:Token"] = Azure.AzureEndpoints.Token,
        ["Sources:azure:Subscriptions"] = Azure.AzureEndpoints.SubscriptionId,
    };

    /// <summary>What to set <c>Alerts__TeamsWebhookUrl</c> to; the query string stands for the signature a real URL carries.</summary>
    public string TeamsWebhookUrl => new Uri(Root, Teams.TeamsWebhookReceiver.Path + "?sig=demo-signature-do-not-log").ToString();

    /// <summary>
    /// The client-credentials variant for the vendors whose tokens are short-lived (Zoom, Salesforce): client id,
    /// secret (and Zoom's account id and token URL) instead of a token.
    /// </summary>
    public IReadOnlyDictionary<string, string> ClientCredentialSettings(string source) => source switch
    {
        "zoom" => new Dictionary<string, string>
        {
            ["Sources:zoom:ClientId"] = Vendors.ZoomEndpoints.ClientId,
            ["Sources:zoom:ClientSecret"] = Vendors.ZoomEndpoints.ClientSecret,
            ["Sources:zoom:AccountId"] = Vendors.ZoomEndpoints.AccountId,
            ["Sources:zoom:TokenUrl"] = Under(Vendors.ZoomEndpoints.TokenPath),
        },
        "salesforce" => new Dictionary<string, string>
        {
            ["Sources:salesforce:ClientId"] = Vendors.SalesforceEndpoints.ClientId,
            ["Sources:salesforce:ClientSecret"] = Vendors.SalesforceEndpoints.ClientSecret,
        },
        _ => throw new ArgumentException($"{source} has no client-credentials flow here", nameof(source)),
    };

    private string Under(string basePath) => new Uri(Root, basePath.TrimStart('/')).ToString();

    /// <param name="port">0 picks a free port.</param>
    public static async Task<DemoTenantServer> StartAsync(DemoTenantOptions options, int port = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var state = new DemoTenantState(options);
        var app = builder.Build();
        if (options.GraphConsentRefused)
        {
            app.Use(async (context, next) =>
            {
                if (context.Request.Path.StartsWithSegments("/v1.0") || context.Request.Path.StartsWithSegments("/beta"))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await context.Response.WriteAsJsonAsync(new { error = new { code = "Authorization_RequestDenied", message = "Insufficient privileges to complete the operation." } });
                    return;
                }

                await next(context);
            });
        }

        app.MapGraph(state);
        Graph.ReportEndpoints.MapReports(app, state);
        Vendors.ZoomEndpoints.MapZoom(app, state);
        Vendors.GitHubEndpoints.MapGitHub(app, state);
        Vendors.SlackEndpoints.MapSlack(app, state);
        Vendors.AtlassianEndpoints.MapAtlassian(app, state);
        Vendors.SalesforceEndpoints.MapSalesforce(app, state);
        Azure.AzureEndpoints.MapAzure(app, state);
        // Typed as Func, not a lambda: a lambda over HttpContext alone binds as a RequestDelegate and its IResult is dropped.
        app.MapPost(Teams.TeamsWebhookReceiver.Path, (Func<HttpContext, Task<IResult>>)state.Webhook.PostAsync);
        app.MapGet(Teams.TeamsWebhookReceiver.Path, () => Results.Json(state.Webhook.Received.Select(m => m.Body)));
        app.MapGet("/", () => Results.Text($"Seatwise demo tenant: {options.Users} users, seed {options.Seed}. Graph at /v1.0/, Teams webhook at /webhooks/teams, vendors at /zoom/v2, /github, /slack/api, /atlassian, /salesforce, Azure Resource Manager at /azure."));
        await app.StartAsync(cancellationToken);
        var address = app.Urls.First();
        var bound = new Uri(address).Port;
        return new DemoTenantServer(app, state, new Uri($"http://127.0.0.1:{bound}/"));
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
