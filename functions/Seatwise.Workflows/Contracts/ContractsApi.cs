using System.Text;
using Microsoft.AspNetCore.Http;
using Seatwise.Core.Contracts;
using Seatwise.Storage.Contracts;
using Seatwise.Storage.Tables;
using Seatwise.Workflows.Api;

namespace Seatwise.Workflows.Contracts;

/// <summary>What the contract register's handlers use, resolved once per request by the route table.</summary>
public sealed record ContractsServices(ContractRepository Contracts);

/// <summary>The contract register over HTTP: list, read, create, replace, delete, import and export as CSV.</summary>
public static class ContractsApi
{
    public const int MaxJsonBytes = 256 * 1024;
    public const int MaxImportBytes = 5 * 1024 * 1024;

    public static async Task<IResult> ListContracts(ApiRequest request, ContractsServices services)
    {
        var (repository, tenant) = (services.Contracts, request.Tenant);
        var http = request.Http.Request;
        var (vendor, vendorError) = ApiInput.Text(http, "vendor");
        if (vendorError is not null)
        {
            return vendorError;
        }

        if (ApiInput.WantsCsv(http))
        {
            var all = await repository.ListAllAsync(tenant, request.CancellationToken);
            var rows = all.Where(c => vendor is null || c.Vendor == vendor).OrderBy(c => c.Id, StringComparer.Ordinal);
            var csv = new StringBuilder(ContractCsv.Header);
            foreach (var contract in rows)
            {
                csv.Append(ContractCsv.Row(contract));
            }

            return Results.Text(csv.ToString(), "text/csv; charset=utf-8", Encoding.UTF8);
        }

        var (top, error) = ApiInput.Top(http);
        if (error is not null)
        {
            return error;
        }

        var scope = $"contracts|{tenant}|{vendor}";
        var (token, tokenError) = ApiInput.ContinuationToken(http, scope);
        if (tokenError is not null)
        {
            return tokenError;
        }

        var page = await repository.ListAsync(tenant, vendor, top, token, request.CancellationToken);
        return Results.Json(new
        {
            items = page.Items.Select(s => ContractDraft.From(s.Contract)),
            continuationToken = ContinuationTokens.Wrap(scope, page.ContinuationToken),
        }, ApiInput.Json);
    }

    public static async Task<IResult> GetContract(ApiRequest request, ContractsServices services)
    {
        var (repository, tenant) = (services.Contracts, request.Tenant);
        var id = request.Route("id") ?? string.Empty;
        if (ContractValidator.KeyProblem(id) is not null)
        {
            return Problems.NotFound($"There is no contract '{id}'.");
        }

        var stored = await repository.GetAsync(tenant, id, request.CancellationToken);
        return stored is null ? Problems.NotFound($"There is no contract '{id}'.") : request.WithETag(stored.ETag, Results.Json(ContractDraft.From(stored.Contract), ApiInput.Json));
    }

    public static async Task<IResult> CreateContract(ApiRequest request, ContractsServices services)
    {
        var (repository, tenant) = (services.Contracts, request.Tenant);
        var (draft, error) = await ApiInput.ReadJsonAsync<ContractDraft>(request.Http.Request, MaxJsonBytes, request.CancellationToken);
        if (error is not null)
        {
            return error;
        }

        var validated = ContractValidator.Validate(draft!);
        if (!validated.IsValid)
        {
            return Problems.Invalid("The contract is not valid; see errors.", validated.Errors);
        }

        var contract = validated.Value!;
        var (outcome, etag) = await repository.AddAsync(tenant, contract, request.CancellationToken);
        if (outcome == WriteOutcome.Conflict)
        {
            return Problems.Conflict($"A contract with id '{contract.Id}' already exists; PUT /api/contracts/{contract.Id} with If-Match to change it.");
        }

        return request.WithETag(etag, Results.Created($"{request.PathBase}/contracts/{Uri.EscapeDataString(contract.Id)}", ContractDraft.From(contract)));
    }

    public static async Task<IResult> ReplaceContract(ApiRequest request, ContractsServices services)
    {
        var (repository, tenant) = (services.Contracts, request.Tenant);
        var id = request.Route("id") ?? string.Empty;
        var ifMatch = request.Http.Request.Headers.IfMatch.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return Problems.PreconditionRequired("Send If-Match with the ETag from your last GET (or * to overwrite whatever is there).");
        }

        var (draft, error) = await ApiInput.ReadJsonAsync<ContractDraft>(request.Http.Request, MaxJsonBytes, request.CancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (draft!.Id is { } bodyId && bodyId.Trim() != id)
        {
            return Problems.Invalid("The id in the body differs from the id in the URL.", [new FieldError("id", $"is '{bodyId}' but the URL names '{id}'; ids cannot be changed.")]);
        }

        var validated = ContractValidator.Validate(draft with { Id = id });
        if (!validated.IsValid)
        {
            return Problems.Invalid("The contract is not valid; see errors.", validated.Errors);
        }

        var (outcome, etag) = await repository.ReplaceAsync(tenant, validated.Value!, ifMatch, request.CancellationToken);
        return outcome switch
        {
            WriteOutcome.NotFound => Problems.NotFound($"There is no contract '{id}'; create it with POST /api/contracts."),
            WriteOutcome.PreconditionFailed => Problems.PreconditionFailed($"Contract '{id}' changed since you read it; GET it again and retry with its new ETag."),
            _ => request.WithETag(etag, Results.Json(ContractDraft.From(validated.Value!), ApiInput.Json)),
        };
    }

    public static async Task<IResult> DeleteContract(ApiRequest request, ContractsServices services)
    {
        var (repository, tenant) = (services.Contracts, request.Tenant);
        var id = request.Route("id") ?? string.Empty;
        var ifMatch = request.Http.Request.Headers.IfMatch.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return Problems.PreconditionRequired("Send If-Match with the ETag from your last GET (or * to delete whatever is there).");
        }

        if (ContractValidator.KeyProblem(id) is not null)
        {
            return Problems.NotFound($"There is no contract '{id}'.");
        }

        return await repository.DeleteAsync(tenant, id, ifMatch, request.CancellationToken) switch
        {
            WriteOutcome.NotFound => Problems.NotFound($"There is no contract '{id}'."),
            WriteOutcome.PreconditionFailed => Problems.PreconditionFailed($"Contract '{id}' changed since you read it; GET it again and retry with its new ETag."),
            _ => Results.NoContent(),
        };
    }

    /// <summary>
    /// CSV import: every row is validated first; one bad row and nothing is written (422 listing each bad row's
    /// line, column and reason). <c>?mode=upsert</c> (default) or <c>replace</c> (contracts missing from the file are deleted).
    /// </summary>
    public static async Task<IResult> ImportContracts(ApiRequest request, ContractsServices services)
    {
        var (repository, tenant) = (services.Contracts, request.Tenant);
        var http = request.Http.Request;
        var mode = http.Query["mode"].FirstOrDefault()?.ToLowerInvariant() ?? "upsert";
        if (mode is not ("upsert" or "replace"))
        {
            return Problems.BadParameter("mode", "must be upsert or replace.");
        }

        var (text, bodyError) = await ApiInput.ReadCsvAsync(http, MaxImportBytes, request.CancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var parsed = ContractCsv.Parse(new StringReader(text!));
        if (ApiInput.ImportProblem(parsed.Errors, ContractCsv.MaxRows) is { } invalid)
        {
            return invalid;
        }

        var counts = await repository.ImportAsync(tenant, parsed.Contracts, mode == "replace", request.CancellationToken);
        return Results.Json(new { mode, rows = parsed.Contracts.Count, counts.Created, counts.Updated, counts.Deleted, counts.Unchanged }, ApiInput.Json);
    }
}
