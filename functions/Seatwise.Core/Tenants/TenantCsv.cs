using Seatwise.Core.Contracts;
using Seatwise.Core.Csv;

namespace Seatwise.Core.Tenants;

public sealed record TenantCsvResult(IReadOnlyList<TenantRecord> Tenants, IReadOnlyList<RowError> Errors);

/// <summary>
/// The tenant registry as CSV, for an MSP onboarding many customers at once: the record's fields as columns,
/// <c>sources</c> separated by <c>;</c>, and each setting as a column of its own named as the setting is
/// (<c>Sources__github__Organization</c>, <c>Graph__BaseUrl</c>); an empty cell leaves the setting out. Secrets are
/// Key Vault references, as through the API.
/// </summary>
public static class TenantCsv
{
    public const int MaxRows = 5_000;

    public static readonly IReadOnlyList<string> Columns = ["id", "displayName", "entraTenantId", "enabled", "sources", "schedule", "alertWebhook", "currency"];

    private static readonly CsvTableShape Shape = new("tenant", Columns, ["id", "displayName", "entraTenantId"], MaxRows, IsSettingColumn);

    /// <summary>A setting column: the API's setting names (their values are checked by <see cref="TenantValidator"/>).</summary>
    public static bool IsSettingColumn(string name) =>
        name == TenantValidator.GraphBaseUrlSetting || name.StartsWith("Sources__", StringComparison.Ordinal);

    /// <param name="more">Checks the caller adds (the host's schedule reader, the default tenant's id), each error on the row's line.</param>
    public static TenantCsvResult Parse(TextReader reader, Func<TenantRecord, IEnumerable<FieldError>>? more = null)
    {
        var parsed = CsvTable.Parse(reader, Shape, row =>
        {
            var tenant = new TenantRecord
            {
                Id = row.Cell("id") ?? string.Empty,
                DisplayName = row.Cell("displayName") ?? string.Empty,
                EntraTenantId = row.Cell("entraTenantId") ?? string.Empty,
                Enabled = row.Flag("enabled") ?? true,
                Sources = row.Cell("sources")?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [],
                Schedule = row.Cell("schedule"),
                AlertWebhook = row.Cell("alertWebhook"),
                Currency = row.Cell("currency")?.ToUpperInvariant() ?? "EUR",
                Settings = row.ColumnNames.Where(IsSettingColumn).Select(c => (Column: c, Value: row.Cell(c)))
                    .Where(s => s.Value is not null).ToDictionary(s => s.Column, s => s.Value!, StringComparer.Ordinal),
            };
            var errors = TenantValidator.Validate(tenant).Concat(more?.Invoke(tenant) ?? []).ToList();
            // A setting's field is settings.<name> through the API; in a file it is its column.
            row.AddValidation(errors.Select(e => e.Field.StartsWith("settings.", StringComparison.Ordinal) ? e with { Field = e.Field["settings.".Length..] } : e));
            return errors.Count == 0 ? tenant : null;
        }, t => t.Id);
        return new TenantCsvResult(parsed.Items, parsed.Errors);
    }
}
