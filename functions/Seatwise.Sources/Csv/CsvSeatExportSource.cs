using System.Text;
using Seatwise.Core.Inventory;

namespace Seatwise.Sources.Csv;

/// <summary>
/// The <c>csv</c> source: seat exports of vendors without an API (DESIGN.md 5.3). Every CSV file of the tenant is
/// read; bad rows become warnings naming file, line and reason while the good rows are used; a file without a
/// single valid row fails the source (a broken export must not read as "nobody holds a seat").
/// </summary>
public sealed class CsvSeatExportSource(ISeatExportFiles files, string tenant, IdentityKeys identityKeys) : IInventorySource
{
    public const string SourceName = SourceNames.Csv;
    private const int MaxWarnings = 50;

    public string Name => SourceName;

    public async Task<SourceResult> CollectAsync(ISnapshotWriter writer, CancellationToken cancellationToken)
    {
        var accounts = new Dictionary<string, AccountSeats>(StringComparer.Ordinal);
        var warnings = new List<string>();
        var errorCount = 0;
        var fileCount = 0;
        await foreach (var (name, open) in files.ListAsync(tenant, cancellationToken))
        {
            fileCount++;
            SeatExportResult parsed;
            await using (var stream = await open(cancellationToken))
            using (var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true))
            {
                parsed = SeatExportCsv.Parse(reader, name, SourceName, identityKeys);
            }

            if (parsed.Accounts.Count == 0)
            {
                var why = parsed.Errors.Count > 0 ? string.Join("; ", parsed.Errors.Take(3)) : $"{name}: no rows";
                throw new SourceFailedException(SourceName, $"seat export {name} has no valid row ({why}); fix or remove the file");
            }

            errorCount += parsed.Errors.Count;
            warnings.AddRange(parsed.Errors.Take(Math.Max(0, MaxWarnings - warnings.Count)).Select(e => e.ToString()));
            foreach (var account in parsed.Accounts)
            {
                accounts[account.Account.IdentityKey] = accounts.TryGetValue(account.Account.IdentityKey, out var known)
                    ? Merge(known, account)
                    : account;
            }
        }

        if (fileCount == 0)
        {
            throw new SourceFailedException(SourceName, $"no seat export found in container seat-exports under {tenant}/ (upload {tenant}/<vendor>/<file>.csv)");
        }

        if (errorCount > warnings.Count)
        {
            warnings.Add($"…and {errorCount - warnings.Count} more rows skipped");
        }

        var products = accounts.Values.SelectMany(a => a.Seats).GroupBy(s => s.ProductKey, StringComparer.Ordinal).ToList();
        foreach (var product in products)
        {
            await writer.WriteAsync(SnapshotParts.Products, new Product(SourceName, product.Key, ConsumedUnits: product.Count()), cancellationToken);
        }

        foreach (var account in accounts.Values.OrderBy(a => a.Account.IdentityKey, StringComparer.Ordinal))
        {
            await writer.WriteAsync(SnapshotParts.Seats, account, cancellationToken);
        }

        return new SourceResult
        {
            Source = SourceName,
            Accounts = accounts.Count,
            Seats = accounts.Values.Sum(a => a.Seats.Count),
            Products = products.Count,
            Requests = fileCount,
            Warnings = warnings,
        };
    }

    /// <summary>One person in two files: every product they hold, the latest activity, disabled if either says so.</summary>
    private static AccountSeats Merge(AccountSeats a, AccountSeats b) => new(
        a.Account with
        {
            Enabled = a.Account.Enabled && b.Account.Enabled,
            LastActiveAt = a.Account.LastActiveAt is null || b.Account.LastActiveAt > a.Account.LastActiveAt ? b.Account.LastActiveAt ?? a.Account.LastActiveAt : a.Account.LastActiveAt,
        },
        [.. a.Seats.Concat(b.Seats.Where(s => !a.Seats.Any(x => x.ProductKey == s.ProductKey)))]);
}
