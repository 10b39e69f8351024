using System.Globalization;
using System.Text;

namespace Seatwise.DemoTenant.Generation;

/// <summary>The distribution of a generated tenant, as docs/demo-tenant.md reports it.</summary>
public static class DemoStatistics
{
    public static string Describe(DemoTenantState state)
    {
        var n = state.Options.Users;
        var profiles = new Dictionary<string, int>(StringComparer.Ordinal);
        int disabledLicensed = 0, guests = 0, bothE3E5 = 0, licensed = 0;
        for (var i = 0; i < n; i++)
        {
            var u = state.Generator.User(i);
            profiles[u.Profile] = profiles.GetValueOrDefault(u.Profile) + 1;
            guests += u.UserType == "Guest" ? 1 : 0;
            licensed += u.Licenses.Count > 0 ? 1 : 0;
            disabledLicensed += !u.AccountEnabled && u.Licenses.Count > 0 ? 1 : 0;
            bothE3E5 += u.Licenses.Contains(DemoSkus.E3) && u.Licenses.Contains(DemoSkus.E5) ? 1 : 0;
        }

        string Pct(int count) => (100.0 * count / Math.Max(1, n)).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"users: {n} (seed {state.Options.Seed}); licensed {licensed} ({Pct(licensed)}); guests {guests} ({Pct(guests)})");
        text.AppendLine(CultureInfo.InvariantCulture, $"disabled but still licensed: {disabledLicensed} ({Pct(disabledLicensed)}); holding both E3 and E5: {bothE3E5} ({Pct(bothE3E5)})");
        foreach (var (profile, count) in profiles.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"profile {profile}: {count} ({Pct(count)})");
        }

        foreach (var sku in DemoSkus.All)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"sku {sku.SkuPartNumber}: consumed {state.ConsumedUnits[sku.SkuPartNumber]}, enabled {(sku == DemoSkus.FlowFree ? 10_000 : state.EnabledUnits(sku))}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"enterprise apps: {state.Generator.Apps.Count}");
        return text.ToString();
    }
}
