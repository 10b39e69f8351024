using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace Seatwise.Storage.Accounts;

/// <summary>
/// The storage account Seatwise keeps its data in, reached the way the Functions host reaches
/// <c>AzureWebJobsStorage</c>: a connection string (Azurite, local runs) or identity-based settings
/// (<c>AzureWebJobsStorage__accountName</c> or service URIs, with a managed identity in Azure).
/// </summary>
public sealed class StorageAccount
{
    private StorageAccount(TableServiceClient tables, BlobServiceClient blobs, string? connectionString, string description)
    {
        Tables = tables;
        Blobs = blobs;
        ConnectionString = connectionString;
        Description = description;
    }

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    /// <summary>The connection string when the account is reached with one; null for identity-based access.</summary>
    public string? ConnectionString { get; }

    /// <summary>Where the account is, safe to log (no keys).</summary>
    public string Description { get; }

    public static StorageAccount FromConnectionString(string connectionString)
    {
        var tables = new TableServiceClient(connectionString, TableOptions());
        var blobs = new BlobServiceClient(connectionString, BlobOptions());
        return new StorageAccount(tables, blobs, connectionString, $"{tables.Uri.GetLeftPart(UriPartial.Authority)} (connection string)");
    }

    public static StorageAccount FromIdentity(Uri tableServiceUri, Uri blobServiceUri, TokenCredential credential)
    {
        var tables = new TableServiceClient(tableServiceUri, credential, TableOptions());
        var blobs = new BlobServiceClient(blobServiceUri, credential, BlobOptions());
        return new StorageAccount(tables, blobs, null, $"{tableServiceUri.Host} (managed identity)");
    }

    /// <summary>
    /// Reads the settings of the <c>AzureWebJobsStorage</c> connection: either the plain value (a connection
    /// string) or its <c>__accountName</c>, <c>__tableServiceUri</c>, <c>__blobServiceUri</c>, <c>__clientId</c> parts.
    /// </summary>
    public static StorageAccount FromSettings(string? connectionString, IReadOnlyDictionary<string, string?> parts)
    {
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return FromConnectionString(connectionString);
        }

        parts.TryGetValue("accountName", out var accountName);
        parts.TryGetValue("tableServiceUri", out var tableUri);
        parts.TryGetValue("blobServiceUri", out var blobUri);
        parts.TryGetValue("clientId", out var clientId);
        if (string.IsNullOrWhiteSpace(accountName) && (string.IsNullOrWhiteSpace(tableUri) || string.IsNullOrWhiteSpace(blobUri)))
        {
            throw new InvalidOperationException(
                "AzureWebJobsStorage is not set: give a connection string (UseDevelopmentStorage=true for Azurite) " +
                "or AzureWebJobsStorage__accountName with a managed identity.");
        }

        var table = new Uri(string.IsNullOrWhiteSpace(tableUri) ? $"https://{accountName}.table.core.windows.net" : tableUri);
        var blob = new Uri(string.IsNullOrWhiteSpace(blobUri) ? $"https://{accountName}.blob.core.windows.net" : blobUri);
        TokenCredential credential = string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        return FromIdentity(table, blob, credential);
    }

    // Bounded retries and timeouts: an unreachable account must surface as an error within seconds, not hang a
    // health probe or a run for minutes.
    private static TableClientOptions TableOptions()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }

    private static BlobClientOptions BlobOptions()
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
        return options;
    }
}
