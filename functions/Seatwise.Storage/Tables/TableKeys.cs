using Seatwise.Core.Contracts;

namespace Seatwise.Storage.Tables;

/// <summary>
/// Table Storage keys. Azure forbids / \ # ? and control characters in PartitionKey and RowKey and limits them
/// to 1 KiB; Azurite checks none of it, so every key is checked here before it is written.
/// </summary>
public static class TableKeys
{
    public const int MaxKeyLength = 512;

    /// <summary>The key as given, or an exception naming the problem (a bug upstream: input is validated earlier).</summary>
    public static string Checked(string key, string what)
    {
        if (key.Length == 0 || key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"{what} must be 1-{MaxKeyLength} characters: '{key}'.", nameof(key));
        }

        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new ArgumentException($"{what} contains a character Table Storage forbids in keys: '{key}'.", nameof(key));
            }
        }

        return key;
    }

    /// <summary>Why a user-supplied id cannot be a key, or null.</summary>
    public static string? Problem(string key) => ContractValidator.KeyProblem(key);

    /// <summary>Keys of the form {tenant}_{a}_{b}: every PartitionKey starts with the tenant id.</summary>
    public static string Partition(string tenant, params string[] parts) =>
        Checked(parts.Length == 0 ? tenant : tenant + "_" + string.Join("_", parts), "PartitionKey");
}
