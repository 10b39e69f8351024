using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seatwise.Core.Finops;
using Seatwise.Core.Reporting;
using Seatwise.Storage.Accounts;
using Seatwise.Storage.Contracts;
using Seatwise.Storage.Exports;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Hosting;
using Seatwise.Workflows.Queries;

namespace Seatwise.Workflows.Runs;

/// <summary>
/// After a run: its month in FOCUS 1.2, written to a FinOps hub (<see cref="FocusHubWriter"/>) when
/// <c>FocusHub__Enabled</c>. Each run replaces the month's earlier export, so the hub holds the month as of its latest run.
/// </summary>
public sealed class ExportFocus(
    ContractRepository contracts,
    RunRepository runs,
    ResultRepository results,
    StorageAccount account,
    IOptions<FocusHubSettings> settings,
    ILogger<ExportFocus> logger) : IActivity<ExportFocusInput, ExportFocusOutcome>
{
    public async Task<ExportFocusOutcome> RunAsync(ExportFocusInput input, CancellationToken cancellationToken)
    {
        var hub = settings.Value;
        if (!hub.Enabled)
        {
            return new ExportFocusOutcome("disabled");
        }

        var month = Months.Of(input.RunAt);
        var (register, positions) = await FocusInputs.LoadAsync(input.Tenant, month, contracts, runs, results, cancellationToken);
        var rows = FocusExport.ForMonth(input.Tenant, register, positions, month);
        var blobs = string.IsNullOrWhiteSpace(hub.BlobServiceUri) ? account.Blobs : StorageAccount.OtherBlobService(new Uri(hub.BlobServiceUri), hub.ClientId);
        var path = await new FocusHubWriter(blobs.GetBlobContainerClient(hub.Container)).WriteAsync(month, hub.ScopeFor(input.Tenant), input.RunId, rows, cancellationToken);
        logger.LogInformation("Run {RunId}: FOCUS export of {Month} written to {Container}/{Path} ({Rows} rows)", input.RunId, Months.Text(month), hub.Container, path, rows.Count);
        return new ExportFocusOutcome("written", $"{hub.Container}/{path}", rows.Count);
    }
}
