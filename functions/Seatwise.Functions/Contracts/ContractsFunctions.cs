using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Seatwise.Functions.Contracts;

// Thin triggers: each hands its request to the shared handler of the same name in the route table.
public static class ListContracts
{
    [Function(nameof(ListContracts))]
    public static Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "contracts")] HttpRequest request, CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListContracts), request, cancellationToken);
}

public static class CreateContract
{
    [Function(nameof(CreateContract))]
    public static Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "post", Route = "contracts")] HttpRequest request, CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(CreateContract), request, cancellationToken);
}

public static class ImportContracts
{
    [Function(nameof(ImportContracts))]
    public static Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "post", Route = "contracts/import")] HttpRequest request, CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ImportContracts), request, cancellationToken);
}

public static class GetContract
{
    [Function(nameof(GetContract))]
    public static Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "contracts/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetContract), request, cancellationToken, FunctionApi.Id(id));
}

public static class ReplaceContract
{
    [Function(nameof(ReplaceContract))]
    public static Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "put", Route = "contracts/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ReplaceContract), request, cancellationToken, FunctionApi.Id(id));
}

public static class DeleteContract
{
    [Function(nameof(DeleteContract))]
    public static Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "contracts/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(DeleteContract), request, cancellationToken, FunctionApi.Id(id));
}
