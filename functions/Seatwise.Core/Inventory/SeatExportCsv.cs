using System.Globalization;
using Seatwise.Core.Csv;

namespace Seatwise.Core.Inventory;

/// <summary>A row of a seat export that could not be used, with where and why.</summary>
public sealed record SeatExportError(string File, int Line, string Reason)
{
    public override string ToString() => $"{File} line {Line}: {Reason}";
}

public sealed record SeatExportResult(IReadOnlyList<AccountSeats> Accounts, int Rows, IReadOnlyList<SeatExportError> Errors);

/// <summary>
/// Seat exports for vendors without an API (DESIGN.md 5.3): CSV with a header row and the columns
/// <c>email,productKey,assignedAt,lastActiveAt,status</c> (extra columns ignored, any order). A bad row is reported
/// with file, line and reason; the good rows are still used. Pure.
/// </summary>
public static class SeatExportCsv
{
    public static readonly IReadOnlyList<string> Required = ["email", "productKey"];

    /// <summary>Statuses that mean the vendor account no longer works (its seat is a <c>disabled</c> seat).</summary>
    public static readonly IReadOnlySet<string> DisabledStatuses = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "disabled", "deactivated", "suspended", "inactive", "deleted", "blocked",
    };

    public static SeatExportResult Parse(TextReader reader, string file, string source, IdentityKeys identityKeys)
    {
        var errors = new List<SeatExportError>();
        var accounts = new Dictionary<string, (Account Account, List<SeatAssignment> Seats)>(StringComparer.Ordinal);
        var rows = 0;
        Dictionary<string, int>? columns = null;
        try
        {
            foreach (var record in CsvReader.Read(reader))
            {
                if (columns is null)
                {
                    columns = record.Fields.Select((name, i) => (name: name.Trim(), i)).GroupBy(c => c.name, StringComparer.OrdinalIgnoreCase)
                        .ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);
                    var missing = Required.Where(r => !columns.ContainsKey(r)).ToList();
                    if (missing.Count > 0)
                    {
                        errors.Add(new SeatExportError(file, record.Line, $"the header lacks {string.Join(", ", missing)} (expected email,productKey,assignedAt,lastActiveAt,status)"));
                        return new SeatExportResult([], 0, errors);
                    }

                    continue;
                }

                if (record.Fields.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                rows++;
                string Field(string name) => columns.TryGetValue(name, out var i) && i < record.Fields.Count ? record.Fields[i].Trim() : string.Empty;
                var email = Field("email");
                var product = CsvWriter.Unguard(Field("productKey"));
                if (email.Length == 0 || !email.Contains('@', StringComparison.Ordinal))
                {
                    errors.Add(new SeatExportError(file, record.Line, $"email '{email}' is not an email address"));
                    continue;
                }

                if (product.Length == 0)
                {
                    errors.Add(new SeatExportError(file, record.Line, "productKey is empty"));
                    continue;
                }

                if ((InventoryLimits.TooLong("email", email) ?? InventoryLimits.TooLong("productKey", product) ?? InventoryLimits.TooLong("status", Field("status"))) is { } tooLong)
                {
                    errors.Add(new SeatExportError(file, record.Line, $"{tooLong} is too long"));
                    continue;
                }

                if (!TryInstant(Field("assignedAt"), out var assignedAt) || !TryInstant(Field("lastActiveAt"), out var lastActive))
                {
                    errors.Add(new SeatExportError(file, record.Line, "assignedAt and lastActiveAt must be ISO 8601 dates (2026-01-31 or 2026-01-31T08:00:00Z) or empty"));
                    continue;
                }

                var key = identityKeys.Normalize(email);
                if (!accounts.TryGetValue(key, out var entry))
                {
                    entry = (new Account
                    {
                        Source = source,
                        AccountId = email,
                        IdentityKey = key,
                        DisplayName = email,
                        Enabled = !DisabledStatuses.Contains(Field("status")),
                        LastActiveAt = lastActive,
                    }, []);
                    accounts[key] = entry;
                }
                else if (lastActive > entry.Account.LastActiveAt || entry.Account.LastActiveAt is null)
                {
                    accounts[key] = entry = (entry.Account with { LastActiveAt = lastActive ?? entry.Account.LastActiveAt }, entry.Seats);
                }

                if (!entry.Seats.Any(s => string.Equals(s.ProductKey, product, StringComparison.Ordinal)))
                {
                    entry.Seats.Add(new SeatAssignment(product, assignedAt));
                }
            }
        }
        catch (CsvFormatException ex)
        {
            errors.Add(new SeatExportError(file, ex.Line, ex.Reason + "; the rest of the file was not read"));
        }

        if (columns is null)
        {
            errors.Add(new SeatExportError(file, 1, "the file is empty; the first line must be the header email,productKey,assignedAt,lastActiveAt,status"));
        }

        return new SeatExportResult([.. accounts.Values.Select(a => new AccountSeats(a.Account, a.Seats))], rows, errors);
    }

    private static bool TryInstant(string text, out DateTimeOffset? value)
    {
        value = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }
}

/// <summary>Where seat exports are dropped (blob container <c>seat-exports</c>, <c>{tenant}/{vendor}/*.csv</c>).</summary>
public interface ISeatExportFiles
{
    /// <summary>The CSV files of a tenant, by name (the path below the tenant), in name order.</summary>
    IAsyncEnumerable<(string Name, Func<CancellationToken, Task<Stream>> Open)> ListAsync(string tenant, CancellationToken cancellationToken);
}
