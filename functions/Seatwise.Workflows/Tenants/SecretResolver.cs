using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;

namespace Seatwise.Workflows.Tenants;

/// <summary>Reads the secret a registry tenant's Key Vault reference names (its vendor token, its webhook URL).</summary>
public interface ISecretResolver
{
    /// <summary>The secret's value; throws <see cref="SecretUnavailableException"/> with a reason an admin can act on.</summary>
    Task<string> ResolveAsync(string reference, CancellationToken cancellationToken);
}

public sealed class SecretUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// App settings' Key Vault references are resolved by the Functions platform; the registry's are not (they live in a
/// table), so this reads them with the app's managed identity, the same reference syntax
/// (<c>@Microsoft.KeyVault(SecretUri=https://{vault}.vault.azure.net/secrets/{name}[/{version}])</c> or
/// <c>@Microsoft.KeyVault(VaultName={vault};SecretName={name}[;SecretVersion={version}])</c>). A setting
/// <c>Secrets__{name}</c> answers first: the local host's stand-in for a vault (the demo and the tests), never
/// needed in Azure.
/// </summary>
public sealed partial class KeyVaultSecretResolver(IConfiguration configuration) : ISecretResolver
{
    private readonly ConcurrentDictionary<Uri, SecretClient> _clients = new();

    [GeneratedRegex(@"^@Microsoft\.KeyVault\(SecretUri=(?<uri>https://[^)]+)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex UriForm();

    [GeneratedRegex(@"^@Microsoft\.KeyVault\(VaultName=(?<vault>[A-Za-z0-9-]+);\s*SecretName=(?<name>[A-Za-z0-9-]+)(;\s*SecretVersion=(?<version>[A-Za-z0-9]+))?\)$", RegexOptions.IgnoreCase)]
    private static partial Regex NameForm();

    /// <summary>The vault, secret name and version a reference names; null when it is not a reference.</summary>
    public static (Uri Vault, string Name, string? Version)? Parse(string reference)
    {
        if (UriForm().Match(reference) is { Success: true } byUri && Uri.TryCreate(byUri.Groups["uri"].Value, UriKind.Absolute, out var uri))
        {
            var segments = uri.AbsolutePath.Trim('/').Split('/');
            return segments is ["secrets", var name, ..] && name.Length > 0
                ? (new Uri(uri.GetLeftPart(UriPartial.Authority)), name, segments.Length > 2 ? segments[2] : null)
                : null;
        }

        return NameForm().Match(reference) is { Success: true } byName
            ? (new Uri($"https://{byName.Groups["vault"].Value}.vault.azure.net"), byName.Groups["name"].Value,
                byName.Groups["version"].Success ? byName.Groups["version"].Value : null)
            : null;
    }

    public async Task<string> ResolveAsync(string reference, CancellationToken cancellationToken)
    {
        var parsed = Parse(reference) ?? throw new SecretUnavailableException("is not a Key Vault reference (@Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<name>)).");
        if (configuration[$"Secrets:{parsed.Name}"] is { Length: > 0 } local)
        {
            return local;
        }

        var client = _clients.GetOrAdd(parsed.Vault, vault => new SecretClient(vault, Credential()));
        try
        {
            var secret = await client.GetSecretAsync(parsed.Name, parsed.Version, cancellationToken);
            return secret.Value.Value;
        }
        catch (Azure.RequestFailedException ex)
        {
            throw new SecretUnavailableException(ex.Status switch
            {
                403 => $"Key Vault {parsed.Vault.Host} refused secret '{parsed.Name}' (403): give the app's managed identity the Key Vault Secrets User role on it.",
                404 => $"Key Vault {parsed.Vault.Host} has no secret '{parsed.Name}' (404): create it, or correct the reference.",
                _ => $"Key Vault {parsed.Vault.Host} answered {ex.Status} for secret '{parsed.Name}'.",
            }, ex);
        }
        catch (AuthenticationFailedException ex)
        {
            throw new SecretUnavailableException($"no token for Key Vault {parsed.Vault.Host}: {ex.Message}", ex);
        }
    }

    // The same identity the app reads Graph and storage with: the user-assigned one the infra sets in AZURE_CLIENT_ID.
    private static ManagedIdentityCredential Credential() =>
        Environment.GetEnvironmentVariable("AZURE_CLIENT_ID") is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
}
