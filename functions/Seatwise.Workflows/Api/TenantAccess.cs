using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Seatwise.Storage.Tenants;
using Seatwise.Workflows.Tenants;

namespace Seatwise.Workflows.Api;

/// <summary>Whether a host lets requests through when no operator key (<c>Api__Key</c>) is set: the local host on loopback does, Azure never.</summary>
public sealed record ApiKeyPolicy(bool OpenWithoutKey);

/// <summary>
/// Who may use a tenant-scoped route (<c>/api/tenants/{tenant}/...</c>): the operator key (<c>Api__Key</c>), good for
/// every tenant, or that tenant's own key (issued by <c>POST /api/tenants/{id}/key</c>, stored only as its SHA-256
/// hash). A tenant's key opens nothing else: not another tenant's routes, not the default tenant's, not the registry.
/// </summary>
public sealed class TenantAccess(IConfiguration configuration, ApiKeyPolicy policy, TenantRepository registry, TenantDirectory directory)
{
    public const string RouteValue = "tenant";
    public const string KeyHeader = "x-functions-key";

    /// <summary>A tenant key: a prefix that names it as one, then 32 random bytes (base64url).</summary>
    public static string NewKey() => "swt_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The refusal for this request, or null when it may go on.</summary>
    public async Task<IResult?> CheckAsync(HttpRequest request, string tenant, CancellationToken cancellationToken)
    {
        var given = request.Headers[KeyHeader].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        // An Api__Key Key Vault reference the platform could not resolve arrives as its own text: never a key.
        var operatorKey = configuration["Api:Key"] is { } configured && !Core.Tenants.TenantValidator.IsKeyVaultReference(configured) ? configured : null;
        var allowed = string.IsNullOrEmpty(operatorKey)
            ? policy.OpenWithoutKey
            : given is not null && FixedTimeEquals(given, operatorKey);
        if (!allowed)
        {
            if (given is null)
            {
                return Problems.Unauthorized($"Send the operator key or tenant '{tenant}''s key in the {KeyHeader} header.");
            }

            // A key that is not this tenant's is refused the same way whether the tenant exists or not.
            if (Core.Tenants.TenantValidator.IdProblem(tenant) is not null || directory.IsDefault(tenant) ||
                await registry.GetKeyHashAsync(tenant, cancellationToken) is not { } hash || !FixedTimeEquals(Hash(given), hash))
            {
                return Problems.Forbidden($"This key does not open tenant '{tenant}'.");
            }
        }

        return await directory.FindAsync(tenant, cancellationToken) is null
            ? Problems.NotFound($"There is no tenant '{tenant}'; GET /api/tenants lists them.")
            : null;
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
