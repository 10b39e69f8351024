using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Seatwise.Core.Tests.Finops;

/// <summary>
/// The FOCUS 1.2 rules a SaaS-contract export must meet, written from the spec's summary
/// (shared/reference/focus-1.2.md) and independent of the exporter's own column list, so that a mistake in one
/// is caught by the other. It stands in for the FinOps Foundation's focus-validator (a Python package our machines
/// cannot install). Each failure names the row (1-based, after the header), the column and the rule.
/// </summary>
public static partial class FocusRules
{
    private static readonly string[] Mandatory =
    [
        "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart",
        "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost",
        "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
        "ServiceCategory", "ServiceName",
    ];

    /// <summary>Recommended and conditional columns Seatwise's profile requires.</summary>
    private static readonly string[] Profile =
    [
        "ChargeFrequency", "ServiceSubcategory", "ListUnitPrice", "ContractedUnitPrice", "PricingCategory", "SkuId", "SkuPriceId",
        "SkuMeter", "SkuPriceDetails",
    ];

    private static readonly string[] Optional = ["Tags", "InvoiceId"];

    private static readonly HashSet<string> NotNull =
    [
        "BilledCost", "BillingAccountId", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory",
        "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "ProviderName",
        "PublisherName", "ServiceCategory", "ServiceName", "ChargeFrequency", "ServiceSubcategory",
    ];

    private static readonly HashSet<string> Decimals = ["BilledCost", "ContractedCost", "EffectiveCost", "ListCost", "PricingQuantity", "ListUnitPrice", "ContractedUnitPrice"];

    private static readonly HashSet<string> Instants = ["BillingPeriodEnd", "BillingPeriodStart", "ChargePeriodEnd", "ChargePeriodStart"];

    private static readonly HashSet<string> KeyValues = ["Tags", "SkuPriceDetails"];

    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["ChargeCategory"] = ["Usage", "Purchase", "Tax", "Credit", "Adjustment"],
        ["ChargeClass"] = ["Correction"],
        ["ChargeFrequency"] = ["One-Time", "Recurring", "Usage-Based"],
        ["PricingCategory"] = ["Standard", "Dynamic", "Committed", "Other"],
        ["ServiceCategory"] =
        [
            "AI and Machine Learning", "Analytics", "Business Applications", "Compute", "Databases", "Developer Tools", "Multicloud",
            "Identity", "Integration", "Internet of Things", "Management and Governance", "Media", "Migration", "Mobile", "Networking",
            "Security", "Storage", "Web", "Other",
        ],
    };

    /// <summary>The subcategories a SaaS export may use, each with its one parent; and <c>Other (category)</c> for every category.</summary>
    private static readonly Dictionary<string, string> SubcategoryParent = new()
    {
        ["Productivity and Collaboration"] = "Business Applications",
        ["Source Code Management"] = "Developer Tools",
        ["Developer Platforms"] = "Developer Tools",
        ["Identity and Access Management"] = "Identity",
    };

    [GeneratedRegex(@"^-?(\d+(\.\d+)?|\.\d+)([eE]-?\d+)?$")]
    private static partial Regex NumberFormat();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex InstantFormat();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyFormat();

    /// <summary>Every rule over a header and rows (null cells are nulls); an empty list when the dataset conforms.</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string?>> rows)
    {
        var failures = new List<string>();
        CheckColumns(header, failures);
        var index = header.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i, StringComparer.Ordinal);
        var categoryOfService = new Dictionary<string, string>(StringComparer.Ordinal);
        var skuOfPrice = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Count != header.Count)
            {
                failures.Add($"row {r + 1}: {row.Count} cells for {header.Count} columns");
                continue;
            }

            string? Cell(string column) => index.TryGetValue(column, out var i) ? row[i] : null;
            void Fail(string column, string rule) => failures.Add($"row {r + 1} {column}: {rule}");
            foreach (var (column, i) in index)
            {
                CheckCell(column, row[i], Fail);
            }

            CheckRow(Cell, Fail);
            if (Cell("ServiceName") is { } service && Cell("ServiceCategory") is { } category &&
                categoryOfService.TryGetValue(service, out var seen) && seen != category)
            {
                Fail("ServiceCategory", $"service '{service}' has two categories ('{seen}', '{category}')");
            }
            else if (Cell("ServiceName") is { } name && Cell("ServiceCategory") is { } first)
            {
                categoryOfService[name] = first;
            }

            if (Cell("SkuPriceId") is { } price)
            {
                if (skuOfPrice.TryGetValue(price, out var sku) && sku != Cell("SkuId"))
                {
                    Fail("SkuPriceId", $"'{price}' belongs to two SkuIds ('{sku}', '{Cell("SkuId")}')");
                }

                skuOfPrice[price] = Cell("SkuId");
            }
        }

        return failures;
    }

    private static void CheckColumns(IReadOnlyList<string> header, List<string> failures)
    {
        foreach (var column in Mandatory.Concat(Profile).Where(c => !header.Contains(c)))
        {
            failures.Add($"column {column}: missing");
        }

        var known = Mandatory.Concat(Profile).Concat(Optional).ToHashSet(StringComparer.Ordinal);
        var custom = false;
        foreach (var column in header)
        {
            if (column.StartsWith("x_", StringComparison.Ordinal))
            {
                custom = true;
            }
            else if (!known.Contains(column))
            {
                failures.Add($"column {column}: neither a FOCUS column of the profile nor prefixed x_");
            }
            else if (custom)
            {
                failures.Add($"column {column}: a FOCUS column after the x_ columns");
            }
        }

        if (header.Distinct(StringComparer.Ordinal).Count() != header.Count)
        {
            failures.Add("header: a column appears twice");
        }
    }

    private static void CheckCell(string column, string? cell, Action<string, string> fail)
    {
        if (cell is null)
        {
            if (NotNull.Contains(column))
            {
                fail(column, "null in a column that must not be null");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(cell) || cell.Trim() != cell)
        {
            fail(column, "a blank or padded string");
        }

        if (Decimals.Contains(column) || column is "x_MonthlyWaste" or "x_PotentialSavings" or "x_EntitledSeats" or "x_ActiveSeats" or "x_WasteSeats")
        {
            if (!NumberFormat().IsMatch(cell))
            {
                fail(column, $"'{cell}' is not a FOCUS number");
            }
        }
        else if (Instants.Contains(column))
        {
            if (!InstantFormat().IsMatch(cell) || !DateTimeOffset.TryParse(cell, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            {
                fail(column, $"'{cell}' is not YYYY-MM-DDTHH:mm:ssZ");
            }
        }
        else if (KeyValues.Contains(column))
        {
            CheckKeyValue(column, cell, fail);
        }
        else if (column == "BillingCurrency" && !CurrencyFormat().IsMatch(cell))
        {
            fail(column, $"'{cell}' is not an ISO 4217 code");
        }

        if (Allowed.TryGetValue(column, out var values) && !values.Contains(cell, StringComparer.Ordinal))
        {
            fail(column, $"'{cell}' is not an allowed value");
        }
    }

    private static void CheckKeyValue(string column, string cell, Action<string, string> fail)
    {
        try
        {
            using var json = JsonDocument.Parse(cell, new JsonDocumentOptions { AllowDuplicateProperties = false });
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                fail(column, "not a JSON object");
                return;
            }

            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    fail(column, $"key '{property.Name}' has a value that is not a scalar");
                }

                if (column == "SkuPriceDetails" && !property.Name.StartsWith("x_", StringComparison.Ordinal))
                {
                    fail(column, $"custom key '{property.Name}' is not prefixed x_");
                }
            }
        }
        catch (JsonException ex)
        {
            fail(column, $"not valid JSON with unique keys ({ex.Message})");
        }
    }

    private static void CheckRow(Func<string, string?> cell, Action<string, string> fail)
    {
        var category = cell("ChargeCategory");
        var correction = cell("ChargeClass") == "Correction";
        var quantity = cell("PricingQuantity");
        if (category is "Usage" or "Purchase" && !correction && quantity is null)
        {
            fail("PricingQuantity", $"null on a {category} row");
        }

        if (category == "Tax" && quantity is not null)
        {
            fail("PricingQuantity", "not null on a Tax row");
        }

        // Columns that share PricingQuantity's presence.
        foreach (var column in new[] { "PricingUnit", "ListUnitPrice", "ContractedUnitPrice", "PricingCategory", "SkuId", "SkuPriceId" })
        {
            if ((cell(column) is null) != (quantity is null))
            {
                fail(column, "null exactly when PricingQuantity is not");
            }
        }

        if (cell("SkuId") is null && cell("SkuMeter") is not null)
        {
            fail("SkuMeter", "not null while SkuId is null");
        }

        if (cell("SkuPriceId") is null && cell("SkuPriceDetails") is not null)
        {
            fail("SkuPriceDetails", "not null while SkuPriceId is null");
        }

        if (category == "Purchase" && cell("ChargeFrequency") == "Usage-Based")
        {
            fail("ChargeFrequency", "Usage-Based on a Purchase row");
        }

        if (cell("ServiceSubcategory") is { } sub && cell("ServiceCategory") is { } parent && Parent(sub) != parent)
        {
            fail("ServiceSubcategory", $"'{sub}' is not a subcategory of '{parent}'");
        }

        foreach (var (price, cost) in new[] { ("ListUnitPrice", "ListCost"), ("ContractedUnitPrice", "ContractedCost") })
        {
            if (Number(cell(price)) is { } unit)
            {
                if (unit < 0)
                {
                    fail(price, "negative");
                }

                // Costs are rounded to the cent; the unit price and quantity are written unrounded enough to match.
                if (!correction && Number(quantity) is { } q && Number(cell(cost)) is { } total && Math.Abs(unit * q - total) > 0.01m)
                {
                    fail(cost, $"{total} is not {price} × PricingQuantity ({unit} × {q})");
                }
            }
        }

        CheckPeriods(cell, category, fail);
    }

    private static void CheckPeriods(Func<string, string?> cell, string? category, Action<string, string> fail)
    {
        if (Instant(cell("ChargePeriodStart")) is not { } chargeStart || Instant(cell("ChargePeriodEnd")) is not { } chargeEnd ||
            Instant(cell("BillingPeriodStart")) is not { } billingStart || Instant(cell("BillingPeriodEnd")) is not { } billingEnd)
        {
            return;
        }

        if (chargeStart >= chargeEnd)
        {
            fail("ChargePeriodEnd", "not after ChargePeriodStart");
        }

        if (billingStart >= billingEnd)
        {
            fail("BillingPeriodEnd", "not after BillingPeriodStart");
        }

        // Profile: the periods overlap, and everything but a term-long purchase lies inside the billing month.
        if (chargeStart >= billingEnd || chargeEnd <= billingStart)
        {
            fail("ChargePeriodStart", "the charge period does not overlap the billing period");
        }
        else if (category != "Purchase" && (chargeStart < billingStart || chargeEnd > billingEnd))
        {
            fail("ChargePeriodEnd", "a charge other than a purchase outside the billing period");
        }
    }

    private static string? Parent(string subcategory)
    {
        if (SubcategoryParent.TryGetValue(subcategory, out var parent))
        {
            return parent;
        }

        return subcategory.StartsWith("Other (", StringComparison.Ordinal) && subcategory.EndsWith(')') ? subcategory[7..^1] : null;
    }

    private static decimal? Number(string? text) =>
        text is not null && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static DateTimeOffset? Instant(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}
