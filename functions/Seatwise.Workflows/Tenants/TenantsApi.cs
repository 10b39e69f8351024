using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Seatwise.Core.Contracts;
using Seatwise.Core.Tenants;
using Seatwise.Storage.Tables;
using Seatwise.Storage.Tenants;
using Seatwise.Workflows.Api;

namespace Seatwise.Workflows.Tenants;

/// <summary>What the tenant registry's handlers use, resolved once per request by the route table.</summary>
public sealed record TenantsServices(TenantRepository Tenants, IOptions<SeatwiseOptions> Options, TenantDirectory Directory);

/// <summary>
/// The tenant registry over HTTP: list, read, create or replace, delete. The default tenant (the single-tenant
/// settings) is listed and readable but changes only through those settings.
/// </summary>
public static class TenantsApi
{
    public const int MaxJsonBytes = 64 * 1024;
    public const int MaxImportBytes = 5 * 1024 * 1024;

    public static async Task<IResult> ListTenants(ApiRequest request, TenantsServices services)
    {
        var stored = await services.Tenants.ListAsync(request.CancellationToken);
        return Results.Json(new { items = stored.Select(s => s.Tenant).Prepend(Default(services)) }, ApiInput.Json);
    }

    public static async Task<IResult> GetTenant(ApiRequest request, TenantsServices services)
    {
        var id = request.Route("id") ?? string.Empty;
        if (id == services.Options.Value.TenantId)
        {
            return Results.Json(Default(services), ApiInput.Json);
        }

        return TenantValidator.IdProblem(id) is null && await services.Tenants.GetAsync(id, request.CancellationToken) is { } stored
            ? request.WithETag(stored.ETag, Results.Json(stored.Tenant, ApiInput.Json))
            : NotFound(id);
    }

    /// <summary>Creates the tenant (no If-Match) or replaces it (If-Match: its ETag, or <c>*</c>).</summary>
    public static async Task<IResult> PutTenant(ApiRequest request, TenantsServices services)
    {
        var id = request.Route("id") ?? string.Empty;
        if (id == services.Options.Value.TenantId)
        {
            return DefaultIsSettings(id);
        }

        var (body, error) = await ApiInput.ReadJsonAsync<TenantRecord>(request.Http.Request, MaxJsonBytes, request.CancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (!string.IsNullOrEmpty(body!.Id) && body.Id != id)
        {
            return Problems.Invalid("The id in the body differs from the id in the URL.", [new FieldError("id", $"is '{body.Id}' but the URL names '{id}'; ids cannot be changed.")]);
        }

        var tenant = body with { Id = id, Currency = body.Currency?.Trim().ToUpperInvariant() ?? string.Empty, IsDefault = false };
        var errors = TenantValidator.Validate(tenant).ToList();
        // The shape check above is Core's; whether the timers can read it is Cronos's, as for the app's own schedules.
        if (tenant.Schedule is { } schedule && !errors.Any(e => e.Field == "schedule") && TenantSchedule.Problem(schedule) is { } problem)
        {
            errors.Add(new FieldError("schedule", problem));
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid("The tenant is not valid; see errors.", errors);
        }

        var ifMatch = request.Http.Request.Headers.IfMatch.FirstOrDefault();
        var (outcome, etag) = await services.Tenants.SaveAsync(tenant, string.IsNullOrWhiteSpace(ifMatch) ? null : ifMatch, request.CancellationToken);
        return outcome switch
        {
            WriteOutcome.Conflict => Problems.Conflict($"Tenant '{id}' exists; send If-Match with its ETag (or *) to replace it."),
            WriteOutcome.NotFound => NotFound(id),
            WriteOutcome.PreconditionFailed => Problems.PreconditionFailed($"Tenant '{id}' changed since you read it; GET it again and retry with its new ETag."),
            _ => request.WithETag(etag, Results.Json(tenant, ApiInput.Json, statusCode: string.IsNullOrWhiteSpace(ifMatch) ? StatusCodes.Status201Created : StatusCodes.Status200OK)),
        };
    }

    /// <summary>Removes the tenant from the registry; its stored data stays until retention removes it.</summary>
    public static async Task<IResult> DeleteTenant(ApiRequest request, TenantsServices services)
    {
        var id = request.Route("id") ?? string.Empty;
        if (id == services.Options.Value.TenantId)
        {
            return DefaultIsSettings(id);
        }

        var ifMatch = request.Http.Request.Headers.IfMatch.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return Problems.PreconditionRequired("Send If-Match with the ETag from your last GET (or * to delete whatever is there).");
        }

        if (TenantValidator.IdProblem(id) is not null)
        {
            return NotFound(id);
        }

        return await services.Tenants.DeleteAsync(id, ifMatch, request.CancellationToken) switch
        {
            WriteOutcome.NotFound => NotFound(id),
            WriteOutcome.PreconditionFailed => Problems.PreconditionFailed($"Tenant '{id}' changed since you read it; GET it again and retry with its new ETag."),
            _ => Results.NoContent(),
        };
    }

    /// <summary>
    /// <c>POST /api/tenants/import</c> (text/csv, <see cref="TenantCsv"/>): creates the tenants the file names and
    /// replaces those that exist (settings and sources as the file says). All or nothing: a bad row imports no row.
    /// </summary>
    public static async Task<IResult> ImportTenants(ApiRequest request, TenantsServices services)
    {
        var (text, bodyError) = await ApiInput.ReadCsvAsync(request.Http.Request, MaxImportBytes, request.CancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var parsed = TenantCsv.Parse(new StringReader(text!), tenant =>
            tenant.Id == services.Options.Value.TenantId ? [new FieldError("id", $"'{tenant.Id}' is the default tenant: it is the app settings, not a registry row.")]
            : tenant.Schedule is { } schedule && TenantSchedule.Problem(schedule) is { } problem ? [new FieldError("schedule", problem)]
            : []);
        if (ApiInput.ImportProblem(parsed.Errors, TenantCsv.MaxRows) is { } invalid)
        {
            return invalid;
        }

        int created = 0, updated = 0;
        foreach (var tenant in parsed.Tenants)
        {
            var (outcome, _) = await services.Tenants.SaveAsync(tenant, ifMatch: null, request.CancellationToken);
            if (outcome == WriteOutcome.Conflict)
            {
                await services.Tenants.SaveAsync(tenant, ifMatch: "*", request.CancellationToken);
                updated++;
            }
            else
            {
                created++;
            }
        }

        return Results.Json(new { rows = parsed.Tenants.Count, created, updated }, ApiInput.Json);
    }

    /// <summary>
    /// <c>POST /api/tenants/{id}/key</c> (operator key): a new key for the tenant's own routes
    /// (<c>/api/tenants/{id}/...</c>), shown once; the earlier one stops working. Only its hash is stored.
    /// </summary>
    public static async Task<IResult> IssueTenantKey(ApiRequest request, TenantsServices services)
    {
        var id = request.Route("id") ?? string.Empty;
        if (id == services.Options.Value.TenantId)
        {
            return Problems.Conflict($"'{id}' is the default tenant: its routes take the operator key (Api__Key).");
        }

        if (TenantValidator.IdProblem(id) is not null || await services.Tenants.GetAsync(id, request.CancellationToken) is null)
        {
            return NotFound(id);
        }

        var key = TenantAccess.NewKey();
        await services.Tenants.SetKeyHashAsync(id, TenantAccess.Hash(key), request.CancellationToken);
        return Results.Json(new { tenant = id, key, routes = $"/api/tenants/{id}/", header = TenantAccess.KeyHeader }, ApiInput.Json, statusCode: StatusCodes.Status201Created);
    }

    private static TenantRecord Default(TenantsServices services) => services.Directory.Default;

    private static IResult DefaultIsSettings(string id) =>
        Problems.Conflict($"'{id}' is the default tenant: it is the deployment's own settings (Seatwise__TenantId, Sources__*), changed there, not through the registry.");

    private static IResult NotFound(string id) => Problems.NotFound($"There is no tenant '{id}'; create it with PUT /api/tenants/{id}.");
}
