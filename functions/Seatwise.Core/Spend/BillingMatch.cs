using System.Text;
using System.Text.RegularExpressions;

namespace Seatwise.Core.Spend;

/// <summary>
/// A contract's <c>billingMatch</c> rule: which lines of the Azure bill are this contract's charges. Terms
/// <c>publisher=...</c> and <c>product=...</c> separated by <c>;</c>, at least one of them; each compares the
/// whole name of the charge's publisher or product, case-insensitively, with <c>*</c> standing for any text
/// (<c>publisher=Contoso Ltd;product=Contoso Analytics*</c>).
/// </summary>
public sealed class BillingMatch
{
    public const string Publisher = "publisher";
    public const string Product = "product";

    private readonly Regex? _publisher;
    private readonly Regex? _product;

    private BillingMatch(string text, Regex? publisher, Regex? product)
    {
        Text = text;
        _publisher = publisher;
        _product = product;
    }

    /// <summary>The rule as written in the register.</summary>
    public string Text { get; }

    public bool Matches(Charge charge) =>
        (_publisher is null || _publisher.IsMatch(charge.PublisherName)) &&
        (_product is null || _product.IsMatch(charge.ProductName));

    /// <summary>The rule, or why the text is not one (in words for a problem+json error on <c>billingMatch</c>).</summary>
    public static BillingMatch? Parse(string text, out string? error)
    {
        Regex? publisher = null;
        Regex? product = null;
        foreach (var term in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = term.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? term : term[..equals].Trim().ToLowerInvariant();
            var pattern = equals < 0 ? string.Empty : term[(equals + 1)..].Trim();
            if (name is not (Publisher or Product))
            {
                error = $"has a term '{term}'; use publisher=<name> and/or product=<name>, separated by ';' (* matches any text).";
                return null;
            }

            if (pattern.Length == 0 || pattern.All(c => c == '*'))
            {
                error = $"names no {name}: write {name}=<name>, with * for any text inside the name.";
                return null;
            }

            if ((name == Publisher ? publisher : product) is not null)
            {
                error = $"names the {name} twice.";
                return null;
            }

            var regex = Wildcard(pattern);
            if (name == Publisher)
            {
                publisher = regex;
            }
            else
            {
                product = regex;
            }
        }

        if (publisher is null && product is null)
        {
            error = "names neither a publisher nor a product: write publisher=<name> and/or product=<name>.";
            return null;
        }

        error = null;
        return new BillingMatch(text.Trim(), publisher, product);
    }

    private static Regex Wildcard(string pattern)
    {
        var regex = new StringBuilder("^");
        foreach (var part in pattern.Split('*'))
        {
            regex.Append(Regex.Escape(part)).Append(".*");
        }

        // The last ".*" belongs to no '*'.
        regex.Length -= 2;
        return new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
