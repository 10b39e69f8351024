using System.Globalization;
using System.Text;

namespace Seatwise.DemoTenant.Generation;

/// <summary>
/// A vendor seat export consistent with the demo tenant's people (Adobe Creative Cloud, for the <c>csv</c>
/// source): about one person in five holds a seat, leavers disabled in Entra keep theirs (the vendor never heard),
/// a few freelancers exist only at the vendor, some emails differ in case, and one row is broken, as real
/// exports are. Deterministic for a seed.
/// </summary>
public static class DemoSeatExport
{
    public const string Path = "adobe/creative-cloud.csv";
    public const string ProductKey = "cc-all-apps";

    public static string AdobeCsv(DemoTenantState state)
    {
        var csv = new StringBuilder("email,productKey,assignedAt,lastActiveAt,status,seatType\r\n");
        var random = new DemoRandom((ulong)state.Options.Seed ^ 0xAD0BE);
        var reference = state.Generator.ReferenceTime;
        for (var i = 0; i < state.Options.Users; i++)
        {
            if (state.User(i) is not { } user || user.UserType == "Guest" || random.Below(5) != 0)
            {
                continue;
            }

            var email = i % 3 == 0 ? char.ToUpperInvariant(user.UserPrincipalName[0]) + user.UserPrincipalName[1..] : user.UserPrincipalName;
            var last = user.AccountEnabled && random.Below(4) != 0 ? reference.AddDays(-random.Below(60)) : reference.AddDays(-(120 + random.Below(300)));
            csv.Append(CultureInfo.InvariantCulture, $"{email},{ProductKey},{Date(user.CreatedDateTime.AddDays(10))},{Date(last)},active,named\r\n");
        }

        for (var f = 1; f <= 3; f++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"freelancer{f}@studio-partner.example,{ProductKey},{Date(reference.AddDays(-400))},{Date(reference.AddDays(-f * 45))},active,named\r\n");
        }

        csv.Append("not-an-email,cc-all-apps,2026-01-01,,active,named\r\n");
        return csv.ToString();
    }

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
