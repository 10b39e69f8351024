using System.Collections.Concurrent;
using System.Reflection;
using Azure.Data.Tables;

namespace Seatwise.Storage.Tables;

/// <summary>
/// The custom columns of an entity, dynamic (<see cref="TableEntity"/>) or typed (its public properties, as the SDK
/// maps them), so the size checks and the "already written" comparison treat both the same way.
/// </summary>
public static class EntityColumns
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    private static readonly HashSet<string> SystemColumns = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "ETag", "odata.etag" };

    /// <summary>Name and value of every custom column; a typed entity's null properties are left out, as the SDK leaves them out of the row.</summary>
    public static IEnumerable<KeyValuePair<string, object?>> Of(ITableEntity entity)
    {
        if (entity is TableEntity dynamic)
        {
            return dynamic.Where(kv => !SystemColumns.Contains(kv.Key));
        }

        var properties = Properties.GetOrAdd(entity.GetType(), t => [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && !SystemColumns.Contains(p.Name))]);
        return properties.Select(p => new KeyValuePair<string, object?>(p.Name, p.GetValue(entity))).Where(kv => kv.Value is not null);
    }
}
