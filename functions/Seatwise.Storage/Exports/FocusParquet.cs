using Parquet;
using Parquet.Schema;
using Seatwise.Core.Finops;

namespace Seatwise.Storage.Exports;

/// <summary>
/// FOCUS rows as a Parquet file, one column per <see cref="FocusColumns"/> entry in its order: strings and JSON as
/// UTF-8 strings, money and quantities as decimals, instants as UTC timestamps, seat counts as integers. A null is a
/// real Parquet null, never an empty string (FOCUS null handling).
/// </summary>
public static class FocusParquet
{
    public static async Task WriteAsync(Stream destination, IReadOnlyList<FocusRow> rows, CancellationToken cancellationToken)
    {
        var fields = FocusColumns.All.Select(Field).ToArray();
        var schema = new ParquetSchema(fields);
        await using var writer = await ParquetWriter.CreateAsync(schema, destination, cancellationToken: cancellationToken);
        writer.CustomMetadata = new Dictionary<string, string> { ["FocusVersion"] = FocusColumns.Version, ["x_Exporter"] = "Seatwise" };
        using var group = writer.CreateRowGroup();
        for (var i = 0; i < fields.Length; i++)
        {
            var column = FocusColumns.All[i];
            switch (column.Type)
            {
                case FocusType.Decimal:
                    await group.WriteAsync<decimal>(fields[i], rows.Select(r => (decimal?)column.Value(r)).ToArray(), cancellationToken: cancellationToken);
                    break;
                case FocusType.DateTime:
                    await group.WriteAsync<DateTime>(fields[i], rows.Select(r => column.Value(r) is DateTimeOffset t ? t.UtcDateTime : (DateTime?)null).ToArray(), cancellationToken: cancellationToken);
                    break;
                case FocusType.Integer:
                    await group.WriteAsync<int>(fields[i], rows.Select(r => (int?)column.Value(r)).ToArray(), cancellationToken: cancellationToken);
                    break;
                default:
                    await group.WriteAsync(fields[i], rows.Select(r => (string?)column.Value(r)).ToArray()!);
                    break;
            }
        }
    }

    /// <summary>Every row of a file written by <see cref="WriteAsync"/>, as column name → value (null for null).</summary>
    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        await using var reader = await ParquetReader.CreateAsync(source, cancellationToken: cancellationToken);
        var rows = new List<Dictionary<string, object?>>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var first = rows.Count;
            var count = (int)group.RowCount;
            rows.AddRange(Enumerable.Range(0, count).Select(_ => new Dictionary<string, object?>(StringComparer.Ordinal)));
            foreach (var column in FocusColumns.All)
            {
                var field = reader.Schema.GetDataFields().Single(f => f.Name == column.Name);
                var values = column.Type switch
                {
                    FocusType.Decimal => await ReadAsync<decimal>(group, field, count, cancellationToken),
                    FocusType.DateTime => await ReadAsync<DateTime>(group, field, count, cancellationToken),
                    FocusType.Integer => await ReadAsync<int>(group, field, count, cancellationToken),
                    _ => await ReadStringsAsync(group, field, count, cancellationToken),
                };
                for (var r = 0; r < count; r++)
                {
                    rows[first + r][column.Name] = values[r];
                }
            }
        }

        return rows;
    }

    private static async Task<object?[]> ReadAsync<T>(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
        where T : struct
    {
        var buffer = new T?[count];
        await group.ReadAsync<T>(field, buffer, cancellationToken: cancellationToken);
        return [.. buffer.Select(v => (object?)v)];
    }

    private static async Task<object?[]> ReadStringsAsync(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
    {
        var buffer = new string[count];
        await group.ReadAsync(field, buffer, cancellationToken: cancellationToken);
        return [.. buffer.Select(v => (object?)v)];
    }

    private static DataField Field(FocusColumn column) => column.Type switch
    {
        FocusType.Decimal => new DecimalDataField(column.Name, 38, 10, false, true),
        FocusType.DateTime => new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, true, DateTimeTimeUnit.Millis, true),
        FocusType.Integer => new DataField<int?>(column.Name),
        _ => new DataField<string>(column.Name, true),
    };
}
