using Azure.Core;
using Azure.Core.Pipeline;
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

    public static StorageAccount FromConnectionString(string connectionString, IReadOnlyList<StoragePolicy>? policies = null)
    {
        var tables = new TableServiceClient(connectionString, TableOptions(policies));
        var blobs = new BlobServiceClient(connectionString, BlobOptions(policies));
        return new StorageAccount(tables, blobs, connectionString, $"{tables.Uri.GetLeftPart(UriPartial.Authority)} (connection string)");
    }

    public static StorageAccount FromIdentity(Uri tableServiceUri, Uri blobServiceUri, TokenCredential credential, IReadOnlyList<StoragePolicy>? policies = null)
    {
        var tables = new TableServiceClient(tableServiceUri, credential, TableOptions(policies));
        var blobs = new BlobServiceClient(blobServiceUri, credential, BlobOptions(policies));
        return new StorageAccount(tables, blobs, null, $"{tableServiceUri.Host} (managed identity)");
    }

    /// <summary>
    /// Reads the settings of the <c>AzureWebJobsStorage</c> connection: either the plain value (a connection
    /// string) or its <c>__accountName</c>, <c>__tableServiceUri</c>, <c>__blobServiceUri</c>, <c>__clientId</c> parts.
    /// </summary>
    public static StorageAccount FromSettings(string? connectionString, IReadOnlyDictionary<string, string?> parts, IReadOnlyList<StoragePolicy>? policies = null)
    {
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return FromConnectionString(connectionString, policies);
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
        return FromIdentity(table, blob, Identity(clientId), policies);
    }

    /// <summary>
    /// The app's identity for Azure services: the user-assigned managed identity <paramref name="clientId"/> when set,
    /// otherwise the default chain (the system-assigned identity in Azure, a developer's sign-in locally).
    /// </summary>
    public static TokenCredential Identity(string? clientId) => string.IsNullOrWhiteSpace(clientId)
        ? new DefaultAzureCredential()
        : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));

    /// <summary>
    /// A blob service of another account (a FinOps hub's), reached with the app's managed identity (user-assigned when
    /// <paramref name="clientId"/> is set) and the same retry settings as the app's own account.
    /// </summary>
    public static BlobServiceClient OtherBlobService(Uri blobServiceUri, string? clientId) =>
        new(blobServiceUri, Identity(clientId), BlobOptions(null));

    // Bounded retries and timeouts, set explicitly: throttling (503 ServerBusy, 500 OperationTimedOut) and network
    // errors are retried with exponential back-off (0.2 s, 0.4 s, 0.8 s, at most 3 retries), and an unreachable
    // account surfaces as an error within seconds instead of hanging a health probe or a run for minutes. What is
    // still failing after that fails the activity, which the orchestration retries as a whole (docs/reliability.md).
    private static TableClientOptions TableOptions(IReadOnlyList<StoragePolicy>? policies)
    {
        var options = new TableClientOptions();
        Retry(options.Retry, TimeSpan.FromSeconds(30));
        Add(options, policies);
        return options;
    }

    private static BlobClientOptions BlobOptions(IReadOnlyList<StoragePolicy>? policies)
    {
        var options = new BlobClientOptions();
        Retry(options.Retry, TimeSpan.FromSeconds(60));
        Add(options, policies);
        return options;
    }

    private static void Retry(RetryOptions retry, TimeSpan networkTimeout)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = 3;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(5);
        retry.NetworkTimeout = networkTimeout;
    }

    // Each attempt passes the added policies (PerRetry), so a policy that fails an attempt meets the SDK's retries.
    private static void Add(ClientOptions options, IReadOnlyList<StoragePolicy>? policies)
    {
        foreach (var policy in policies ?? [])
        {
            options.AddPolicy(policy.Policy, HttpPipelinePosition.PerRetry);
        }
    }
}

/// <summary>
/// An HTTP pipeline policy for every storage client (registered in DI; none in production). The chaos and
/// throttling tests inject storage faults through it.
/// </summary>
public sealed record StoragePolicy(HttpPipelinePolicy Policy);
