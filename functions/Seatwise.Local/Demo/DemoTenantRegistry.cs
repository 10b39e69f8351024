using System.Security.Cryptography;
using System.Text;
using Seatwise.Core.Tenants;
using Seatwise.DemoTenant;

namespace Seatwise.Local.Demo;

/// <summary>
/// A demo tenant as a registry tenant: the record (its Graph and vendor endpoints, each secret as a Key Vault
/// reference) and the local host's vault stand-in that answers those references (<c>Secrets__{name}</c>). Used by
/// <c>--demo-tenants</c>, the multi-tenant tests and the many-tenants benchmark.
/// </summary>
public static class DemoTenantRegistry
{
    /// <summary>The vault the demo's references name; the local host answers them from <c>Secrets__{name}</c>, no vault is called.</summary>
    public const string DemoVault = "https://seatwise-demo.vault.azure.net";

    public sealed record Registration(TenantRecord Record, IReadOnlyDictionary<string, string> HostSettings);

    public static Registration Describe(string id, string displayName, DemoTenantServer server, IReadOnlyList<string> sources, string currency = "EUR") =>
        Describe(id, displayName, server.GraphBaseUrl, server.VendorSettings(), sources, currency);

    /// <param name="vendorSettings">The demo tenant's vendor settings as <c>Sources:{source}:{key}</c> (a demo tenant process prints them).</param>
    public static Registration Describe(string id, string displayName, string graphBaseUrl, IReadOnlyDictionary<string, string> vendorSettings, IReadOnlyList<string> sources, string currency = "EUR")
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal) { [TenantValidator.GraphBaseUrlSetting] = graphBaseUrl };
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in vendorSettings.Where(s => s.Key.StartsWith("Sources:", StringComparison.Ordinal)))
        {
            var parts = key.Split(':');
            if (!sources.Contains(parts[1], StringComparer.Ordinal))
            {
                continue;
            }

            var name = string.Join("__", parts);
            if (TenantValidator.IsSecret(parts[2]))
            {
                var secret = $"{id}-{parts[1]}-{parts[2]}".ToLowerInvariant();
                settings[name] = $"@Microsoft.KeyVault(SecretUri={DemoVault}/secrets/{secret})";
                secrets[$"Secrets:{secret}"] = value;
            }
            else
            {
                settings[name] = value;
            }
        }

        var record = new TenantRecord
        {
            Id = id,
            DisplayName = displayName,
            EntraTenantId = EntraTenantId(id).ToString("D"),
            Sources = sources,
            Settings = settings,
            Currency = currency,
        };
        return new Registration(record, secrets);
    }

    /// <summary>A stable made-up directory id per demo tenant id (a GUID from its hash), so reruns keep the same record.</summary>
    private static Guid EntraTenantId(string id) => new(SHA256.HashData(Encoding.UTF8.GetBytes("seatwise-demo:" + id))[..16]);
}
