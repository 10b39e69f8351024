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

    /// <summary>The address as a vendor may hold it: random case, surrounding spaces, a plus tag.</summary>
    private static string Spell(Random random, string local, string domain)
    {
        var text = $"{local}{(random.Next(2) == 0 ? "+" + random.Next(1000) : string.Empty)}@{domain}";
        var cased = new string([.. text.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : c)]);
        return new string(' ', random.Next(3)) + cased + new string('\t', random.Next(2));
    }
}
