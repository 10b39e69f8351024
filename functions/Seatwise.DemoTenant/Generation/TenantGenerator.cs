namespace Seatwise.DemoTenant.Generation;

/// <summary>
/// Generates the demo tenant deterministically from (seed, users, reference time): user <c>i</c> depends only
/// on those and <c>i</c>, so pages are produced on demand and the same inputs give the same tenant byte for byte.
/// The distribution is documented in docs/demo-tenant.md.
/// </summary>
public sealed class TenantGenerator
{
    public const string Domain = "contoso.example";

    /// <summary>An acquired company's domain, kept on some people's proxy addresses (not set as an alias domain).</summary>
    public const string AliasDomain = "fabrikam.example";

    /// <summary>The domain of the addresses some people list under otherMails.</summary>
    public const string OtherMailDomain = "mail.example";

    /// <summary>Users whose index modulo 41 is one of these have a vendor address other than their UPN.</summary>
    public static class IdentityCases
    {
        public const int Renamed = 5;
        public const int EmployeeNumberUpn = 12;
        public const int AliasDomain = 19;
        public const int OtherMail = 26;
    }

    private static readonly string[] FirstNames =
    [
        "Ada", "Ben", "Chloe", "Dan", "Eva", "Femi", "Grace", "Hiro", "Ines", "Jonas", "Kira", "Liam", "Maya", "Noah",
        "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wen", "Xena", "Yusuf", "Zoe", "Aiko", "Bruno",
        "Carmen", "Dev", "Elif", "Farid", "Gita", "Hugo", "Ivy", "Jamal", "Karin", "Lars", "Mei", "Nina",
    ];

    private static readonly string[] LastNames =
    [
        "Adams", "Berg", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jansen", "Kowalski", "Lopez",
        "Meyer", "Nakamura", "Okafor", "Petrov", "Quist", "Rossi", "Singh", "Tanaka", "Ueda", "Varga", "Wang", "Yilmaz",
        "Zeller", "Andersen", "Brown", "Chen", "Diaz", "Eriksen",
    ];

    public TenantGenerator(int seed, int users, DateTimeOffset referenceTime)
    {
        Seed = seed;
        Users = users;
        ReferenceTime = referenceTime;
        Apps = DemoApps.Generate(seed, DemoApps.CountFor(users));
    }

    public int Seed { get; }

    public int Users { get; }

    /// <summary>"Now" for the generated dates: sign-ins and creation dates are relative to it.</summary>
    public DateTimeOffset ReferenceTime { get; }

    public IReadOnlyList<DemoApp> Apps { get; }

    public DemoUser User(int index)
    {
        var r = DemoRandom.For(Seed, index);
        var first = r.Pick(FirstNames);
        var last = r.Pick(LastNames);
        var guest = r.Percent(3);
        var local = $"{first}.{last}{index}".ToLowerInvariant();
        var upn = guest ? $"{local}_partner.example#EXT#@{Domain}" : $"{local}@{Domain}";
        // Some mail addresses differ in case from the UPN, as they do in real directories.
        var mail = guest ? $"{local}@partner.example" : r.Percent(20) ? $"{first}.{last}{index}@{Domain}" : upn;

        var t = ReferenceTime;
        var newHire = r.Percent(4);
        var created = newHire ? t.AddDays(-r.Below(30)).AddMinutes(-r.Below(1440)) : t.AddDays(-31 - r.Below(2500));
        // 9.3% disabled, so that about 8% of users are disabled while still holding licences (86% are licensed).
        var enabled = !r.Percent(9.3);

        string profile;
        DateTimeOffset? successful = null, interactive = null, nonInteractive = null;
        var roll = r.Below(10_000) / 100.0;
        if (roll < 3)
        {
            profile = "never-signed-in";
        }
        else if (roll < 19)
        {
            profile = "inactive";
            successful = t.AddDays(-91 - r.Below(600)).AddMinutes(-r.Below(1440));
            interactive = successful;
        }
        else if (roll < 21)
        {
            // Failed sign-in attempts (password spray) move lastSignInDateTime, not the successful one.
            profile = "spray-target";
            successful = t.AddDays(-120 - r.Below(300));
            interactive = t.AddDays(-r.Below(5)).AddMinutes(-r.Below(1440));
        }
        else if (roll < 29)
        {
            // Older accounts whose last success predates lastSuccessfulSignInDateTime (Dec 2023, not backfilled).
            profile = "active-legacy";
            interactive = t.AddDays(-r.Below(60)).AddMinutes(-r.Below(1440));
            nonInteractive = t.AddDays(-r.Below(20)).AddMinutes(-r.Below(1440));
        }
        else
        {
            profile = "active";
            successful = t.AddDays(-r.Below(85)).AddMinutes(-r.Below(1440));
            interactive = successful;
            nonInteractive = successful.Value.AddHours(r.Below(48));
        }

        if (newHire && profile is "inactive" or "spray-target")
        {
            profile = "new-hire";
            successful = interactive = nonInteractive = null;
        }

        var licenses = new List<DemoSku>(4);
        if (!guest)
        {
            var suite = r.Below(100);
            if (suite < 52)
            {
                licenses.Add(DemoSkus.E3);
            }
            else if (suite < 77)
            {
                licenses.Add(DemoSkus.E5);
            }
            else if (suite < 82)
            {
                licenses.Add(DemoSkus.E3);
                licenses.Add(DemoSkus.E5);
            }

            if (licenses.Count > 0 && r.Percent(10))
            {
                licenses.Add(DemoSkus.Copilot);
            }

            if (r.Percent(5))
            {
                licenses.Add(DemoSkus.Visio);
            }

            if (r.Percent(12))
            {
                licenses.Add(DemoSkus.PowerBiPro);
            }

            if (licenses.Contains(DemoSkus.E3) && !licenses.Contains(DemoSkus.E5) && r.Percent(8))
            {
                licenses.Add(DemoSkus.TeamsPhone);
            }

            if (r.Percent(20))
            {
                licenses.Add(DemoSkus.FlowFree);
            }
        }
        else if (r.Percent(10))
        {
            licenses.Add(DemoSkus.PowerBiPro);
        }

        var id = r.NextGuid().ToString();
        var (workloadActivity, copilotActivity) = Usage(ref r, licenses, enabled ? successful ?? interactive : null, t);
        // Identity cases picked by index (no draw from the generator, so the other data stays the same), each a way a
        // vendor's address differs from the UPN while the person is the same (docs/demo-tenant.md).
        var vendorEmail = upn;
        var proxies = new List<string> { "SMTP:" + mail };
        var otherMails = new List<string>();
        if (!guest)
        {
            switch (index % 41)
            {
                case IdentityCases.Renamed:
                    // Renamed (e.g. married): a new UPN; the mail and the vendors keep the old address.
                    upn = $"{first}.{LastNames[(index + 7) % LastNames.Length]}{index}@{Domain}".ToLowerInvariant();
                    proxies = ["SMTP:" + mail, "smtp:" + upn];
                    vendorEmail = mail;
                    break;
                case IdentityCases.EmployeeNumberUpn:
                    // The UPN is an employee number; the mail is the name vendors know.
                    upn = $"e{100000 + index}@{Domain}";
                    mail = $"{local}@{Domain}";
                    proxies = ["SMTP:" + mail, "smtp:" + upn];
                    vendorEmail = mail;
                    break;
                case IdentityCases.AliasDomain:
                    // An address in an acquired company's domain, kept as a proxy address, still used at vendors.
                    proxies.Add($"smtp:{local}@{AliasDomain}");
                    vendorEmail = $"{local}@{AliasDomain}";
                    break;
                case IdentityCases.OtherMail:
                    // Signed up at vendors with an address listed under otherMails.
                    otherMails.Add($"{local}@{OtherMailDomain}");
                    vendorEmail = otherMails[0];
                    break;
            }
        }

        return new DemoUser
        {
            Index = index,
            Id = id,
            UserPrincipalName = upn,
            Mail = mail,
            ProxyAddresses = proxies,
            OtherMails = otherMails,
            VendorEmail = vendorEmail,
            DisplayName = guest ? $"{first} {last} (Partner)" : $"{first} {last}",
            AccountEnabled = enabled,
            CreatedDateTime = created,
            UserType = guest ? "Guest" : "Member",
            Licenses = licenses,
            LastSignInDateTime = interactive,
            LastNonInteractiveSignInDateTime = nonInteractive,
            LastSuccessfulSignInDateTime = successful,
            Profile = profile,
            WorkloadActivity = workloadActivity,
            CopilotActivity = copilotActivity,
        };
    }

    /// <summary>
    /// What the usage reports say of a person, drawn after everything else (so adding it changed no other value):
    /// suite holders who signed in lately mail and mostly use Teams, some OneDrive/SharePoint, few Viva Engage;
    /// people without recent sign-ins have no use in the period. Two in five Copilot holders never use Copilot,
    /// though they may use Outlook every day.
    /// </summary>
    private static (Dictionary<string, DateTimeOffset> Workloads, DateTimeOffset? Copilot) Usage(ref DemoRandom r, List<DemoSku> licenses, DateTimeOffset? lastSignIn, DateTimeOffset t)
    {
        var dates = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var suite = licenses.Contains(DemoSkus.E3) || licenses.Contains(DemoSkus.E5);
        var used = suite && lastSignIn is { } signIn && signIn > t.AddDays(-90);
        var day = (lastSignIn ?? t).UtcDateTime.Date;
        DateTimeOffset Recent(ref DemoRandom random) => new DateTimeOffset(day, TimeSpan.Zero).AddDays(-random.Below(3));
        if (used)
        {
            dates[Seatwise.Core.Usage.Workloads.Exchange] = Recent(ref r);
            if (r.Percent(75))
            {
                dates[Seatwise.Core.Usage.Workloads.Teams] = Recent(ref r);
            }

            if (r.Percent(50))
            {
                dates[Seatwise.Core.Usage.Workloads.OneDrive] = Recent(ref r);
                dates[Seatwise.Core.Usage.Workloads.SharePoint] = Recent(ref r);
            }

            if (r.Percent(10))
            {
                dates[Seatwise.Core.Usage.Workloads.VivaEngage] = Recent(ref r);
            }
        }

        DateTimeOffset? copilot = licenses.Contains(DemoSkus.Copilot) && used && r.Percent(60) ? Recent(ref r) : null;
        return (dates, copilot);
    }

    /// <summary>Consumed units per SKU, counted by generating every user once (kept: a few numbers).</summary>
    public IReadOnlyDictionary<string, int> CountConsumedUnits(Func<int, DemoUser> user)
    {
        var counts = DemoSkus.All.ToDictionary(s => s.SkuPartNumber, _ => 0);
        for (var i = 0; i < Users; i++)
        {
            foreach (var sku in user(i).Licenses)
            {
                counts[sku.SkuPartNumber]++;
            }
        }

        return counts;
    }
}
