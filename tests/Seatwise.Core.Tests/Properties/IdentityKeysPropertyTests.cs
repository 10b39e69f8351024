using Seatwise.Core.Inventory;

namespace Seatwise.Core.Tests.Properties;

/// <summary>The join key over many seeded random emails: the ways vendors spell one address all meet in one key.</summary>
public sealed class IdentityKeysPropertyTests
{
    private static readonly IdentityKeys Keys = IdentityKeys.Parse("contoso-old.com=contoso.com;contoso.onmicrosoft.com=contoso.com");

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        foreach (var seed in Enumerable.Range(1, 25))
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void EverySpellingOfAnAddress_GivesTheSameKey_AndTheKeyIsAFixedPoint(int seed)
    {
        var random = new Random(seed);
        const string Letters = "abcdefghijklmnopqrstuvwxyz0123456789._-";
        for (var i = 0; i < 40; i++)
        {
            var local = new string([.. Enumerable.Range(0, random.Next(1, 16)).Select(_ => Letters[random.Next(Letters.Length)])]).Trim('+');
            local = char.IsAsciiLetterOrDigit(local[0]) ? local : "a" + local;
            var canonical = $"{local}@contoso.com";
            var spelled = Spell(random, local, random.Next(3) switch { 0 => "contoso.com", 1 => "contoso-old.com", _ => "contoso.onmicrosoft.com" });

            var key = Keys.Normalize(spelled);

            Assert.Equal(canonical, key);
            Assert.Equal(key, Keys.Normalize(key));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void EntraDirectory_AnyAddressOfAnAccount_InAnySpelling_JoinsIt_AndAnAddressTwoAccountsClaim_JoinsNeither(int seed)
    {
        var random = new Random(seed);
        var directory = new Seatwise.Core.Reconciliation.EntraDirectory();
        var accounts = new List<(string Id, bool Enabled, List<string> Locals)>();
        // 30 accounts, each known by 1-4 addresses; locals drawn from a small pool so some collide across accounts.
        for (var i = 0; i < 30; i++)
        {
            var locals = Enumerable.Range(0, random.Next(1, 5)).Select(_ => $"p{random.Next(60)}").Distinct().ToList();
            var enabled = random.Next(4) != 0;
            var key = Keys.Normalize($"{locals[0]}@contoso.com");
            directory.Add(new Account
            {
                Source = "graph",
                AccountId = $"a{i}",
                IdentityKey = key,
                Enabled = enabled,
                OtherIdentityKeys = Keys.Others(key, locals.Skip(1).Select(l => random.Next(2) == 0 ? $"SMTP:{l}@contoso-old.com" : $"{l}@contoso.com").Select(a => IdentityKeys.SmtpAddress(a) ?? a)),
            });
            accounts.Add(($"a{i}", enabled, locals));
        }

        foreach (var local in accounts.SelectMany(a => a.Locals).Distinct())
        {
            var claimants = accounts.Where(a => a.Locals.Contains(local)).ToList();
            var vendor = new Account { Source = "slack", AccountId = "v", IdentityKey = Keys.Normalize(Spell(random, local, "contoso.com")) };

            var match = directory.Match(vendor);

            // One claimant: its state; several: joined to neither, so never a leaver.
            var expected = claimants.Count > 1 ? Seatwise.Core.Reconciliation.EntraMatch.Shared
                : claimants[0].Enabled ? Seatwise.Core.Reconciliation.EntraMatch.Enabled : Seatwise.Core.Reconciliation.EntraMatch.Disabled;
            Assert.Equal(expected, match);
            Assert.Equal(claimants.Count > 1, directory.SharedKeys.Contains($"{local}@contoso.com"));
        }

        Assert.Equal(Seatwise.Core.Reconciliation.EntraMatch.None, directory.Match(new Account { Source = "slack", AccountId = "v", IdentityKey = "nobody@contoso.com" }));
    }

    /// <summary>The address as a vendor may hold it: random case, surrounding spaces, a plus tag.</summary>
    private static string Spell(Random random, string local, string domain)
    {
        var text = $"{local}{(random.Next(2) == 0 ? "+" + random.Next(1000) : string.Empty)}@{domain}";
        var cased = new string([.. text.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : c)]);
        return new string(' ', random.Next(3)) + cased + new string('\t', random.Next(2));
    }
}
