using Azure.Data.Tables;

namespace Seatwise.Storage.Tables;

/// <summary>Azure's per-entity limits, checked in code because Azurite accepts larger entities.</summary>
public static class EntityGuard
{
    public const int MaxCustomProperties = 252;
    public const int MaxEntityBytes = 1024 * 1024;
    public const int MaxStringChars = 32 * 1024;

    public static void Check(ITableEntity entity)
    {
        TableKeys.Checked(entity.PartitionKey, "PartitionKey");
        TableKeys.Checked(entity.RowKey, "RowKey");
        var columns = EntityColumns.Of(entity).ToList();
        if (columns.Count > MaxCustomProperties)
        {
            throw new ArgumentException($"Entity {entity.PartitionKey}/{entity.RowKey} has {columns.Count} custom properties; Azure allows {MaxCustomProperties}.");
        }

        long bytes = 4 + ((entity.PartitionKey.Length + entity.RowKey.Length) * 2);
        foreach (var (name, value) in columns)
        {
            bytes += 8 + (name.Length * 2) + value switch
            {
                string s when s.Length > MaxStringChars => throw new ArgumentException($"Property {name} of {entity.PartitionKey}/{entity.RowKey} is {s.Length} characters; Azure allows {MaxStringChars}."),
                string s => 4 + (s.Length * 2),
                byte[] b => 4 + b.Length,
                _ => 8,
            };
        }

        if (bytes > MaxEntityBytes)
        {
            throw new ArgumentException($"Entity {entity.PartitionKey}/{entity.RowKey} is about {bytes} bytes; Azure allows {MaxEntityBytes}.");
        }
    }
}
