using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Seatwise.Workflows.Api;

/// <summary>
/// One HTTP operation. The route table (<see cref="ApiRoutes"/>) is the single list both hosts serve: the local
/// host maps it onto Kestrel, the Functions app has one [Function] class per entry with the same name and route.
/// </summary>
/// <param name="Name">The function name in the Functions app and the OpenAPI operationId.</param>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Route">The route below <c>/api</c>, in Functions route syntax (<c>contracts/{id}</c>).</param>
/// <param name="Anonymous">True when no key is required (health).</param>
/// <param name="Handler">The handler; it never sees which host serves it.</param>
public sealed record ApiRoute(string Name, string Method, string Route, bool Anonymous, ApiHandler Handler)
{
    /// <summary>
    /// A route below <c>/api/tenants/{tenant}/</c>: the operator key or that tenant's key opens it, checked by
    /// <see cref="TenantAccess"/> (the hosts leave it open, since the host's function key is the operator's alone).
    /// </summary>
    public bool TenantScoped => Route.StartsWith(ApiPaths.TenantScope, StringComparison.Ordinal);

    /// <summary>Whether the host itself demands its key (the function key in Azure, <c>Api__Key</c> locally).</summary>
    public bool HostChecksKey => !Anonymous && !TenantScoped;

    /// <summary>
    /// A route whose handler takes its surface's services record (<c>FindingsServices</c>, ...): resolved here, once
    /// per request, so no handler looks a dependency up by itself.
    /// </summary>
    public static ApiRoute For<TServices>(string name, string method, string route, bool anonymous, Func<ApiRequest, TServices, Task<IResult>> handler)
        where TServices : notnull =>
        new(name, method, route, anonymous, request => handler(request, request.Services.GetRequiredService<TServices>()));
}

public delegate Task<IResult> ApiHandler(ApiRequest request);

/// <summary>What a handler receives: the HTTP context, the route values and the request's cancellation.</summary>
public sealed record ApiRequest(HttpContext Http, IReadOnlyDictionary<string, string?> RouteValues, CancellationToken CancellationToken)
{
    public IServiceProvider Services => Http.RequestServices;

    /// <summary>
    /// The tenant every key of this request starts with: the route's <c>{tenant}</c> (checked by
    /// <see cref="TenantAccess"/> before the handler runs), else the default tenant (<c>Seatwise__TenantId</c>).
    /// Never from a body or a query: a handler cannot be talked into another tenant's partition.
    /// </summary>
    public string Tenant => Route(TenantAccess.RouteValue) ?? Services.GetRequiredService<IOptions<SeatwiseOptions>>().Value.TenantId;

    /// <summary>The path the request's routes sit below (<c>/api</c> or <c>/api/tenants/{tenant}</c>), for the URLs a response names.</summary>
    public string PathBase => Route(TenantAccess.RouteValue) is { } tenant ? $"/api/tenants/{tenant}" : "/api";

    public string? Route(string name) => RouteValues.TryGetValue(name, out var value) ? value : null;

    /// <summary>Where orchestrations start: the Functions app hands its DurableTaskClient in as a request feature; the local host registers one port.</summary>
    public Hosting.IOrchestrationPort Port =>
        Http.Features.Get<Hosting.IOrchestrationPort>() ?? Services.GetRequiredService<Hosting.IOrchestrationPort>();

    /// <summary>The result, with the resource's ETag on the response (for the caller's next If-Match).</summary>
    public IResult WithETag(string? etag, IResult result)
    {
        if (etag is not null)
        {
            Http.Response.Headers.ETag = etag;
        }

        return result;
    }
}
