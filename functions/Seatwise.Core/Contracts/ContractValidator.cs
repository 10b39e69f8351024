using Seatwise.Core.Inventory;
using Seatwise.Core.Money;

namespace Seatwise.Core.Contracts;

/// <summary>Validates a contract draft with field-level errors; used by the API and the CSV import alike.</summary>
public static class ContractValidator
{
    public const int MaxIdLength = 100;
    public const int MaxTextLength = 200;
    public const int MaxNotesLength = 4000;
    public const int MaxProductKeys = 50;

    /// <summary>Ten million seats: more than any licence agreement, and far from where money overflows.</summary>
    public const int MaxSeats = 10_000_000;

    /// <summary>A billion per seat and billing period: with <see cref="MaxSeats"/> and ×12 the annual cost stays ~10^17, far inside decimal.</summary>
    public const decimal MaxUnitPrice = 1_000_000_000m;

    /// <summary>The sources a contract may name.</summary>
    public static IReadOnlySet<string> KnownSources => SourceNames.ForContracts;

    public static Validated<Contract> Validate(ContractDraft draft)
    {
        var errors = new List<FieldError>();
        void Error(string field, string message) => errors.Add(new FieldError(field, message));

        var id = draft.Id?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            Error("id", "is required.");
        }
        else if (KeyProblem(id) is { } problem)
        {
            Error("id", problem);
        }

        var vendor = Text(draft.Vendor, "vendor", required: true, errors);
        var name = Text(draft.Name, "name", required: true, errors);
        var source = draft.Source?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(source))
        {
            Error("source", "is required (one of " + string.Join(", ", KnownSources.Order()) + ").");
        }
        else if (!KnownSources.Contains(source))
        {
            Error("source", $"'{draft.Source}' is not a known source (one of {string.Join(", ", KnownSources.Order())}).");
        }

        var productKeys = new List<string>();
        if (draft.ProductKeys is null || draft.ProductKeys.Count == 0 || draft.ProductKeys.All(string.IsNullOrWhiteSpace))
        {
            Error("productKeys", "needs at least one product key (e.g. SPE_E5).");
        }
        else if (draft.ProductKeys.Count > MaxProductKeys)
        {
            Error("productKeys", $"has {draft.ProductKeys.Count} keys; at most {MaxProductKeys}.");
        }
        else
        {
            foreach (var raw in draft.ProductKeys)
            {
                var key = raw?.Trim();
                if (string.IsNullOrEmpty(key))
                {
                    Error("productKeys", "contains an empty product key.");
                }
                else if (productKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    Error("productKeys", $"lists '{key}' twice.");
                }
                else if (key.Length > MaxTextLength || key.Any(char.IsControl))
                {
                    Error("productKeys", $"'{Shorten(key)}' is too long or has control characters.");
                }
                else
                {
                    productKeys.Add(key);
                }
            }
        }

        int? seats = null;
        if (draft.Seats is { } s)
        {
            if (s < 0)
            {
                Error("seats", "must not be negative.");
            }
            else if (s != decimal.Truncate(s))
            {
                Error("seats", $"must be a whole number, not {s}.");
            }
            else if (s > MaxSeats)
            {
                Error("seats", $"is {s}; at most {MaxSeats:N0}.");
            }
            else
            {
                seats = (int)s;
            }
        }

        var unitPrice = 0m;
        if (draft.UnitPrice is not { } price)
        {
            Error("unitPrice", "is required (0 for a free product).");
        }
        else if (price < 0)
        {
            Error("unitPrice", "must not be negative.");
        }
        else if (price > MaxUnitPrice)
        {
            Error("unitPrice", $"is {price}; at most {MaxUnitPrice:N0} per seat and billing period.");
        }
        else
        {
            unitPrice = price;
        }

        var currency = draft.Currency?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(currency))
        {
            Error("currency", "is required (an ISO 4217 code such as EUR).");
        }
        else if (!Currencies.IsKnown(currency))
        {
            Error("currency", $"'{draft.Currency}' is not an ISO 4217 currency code.");
        }

        BillingPeriod billing = default;
        switch (draft.BillingPeriod?.Trim().ToLowerInvariant())
        {
            case "monthly":
                billing = BillingPeriod.Monthly;
                break;
            case "annual":
                billing = BillingPeriod.Annual;
                break;
            case null or "":
                Error("billingPeriod", "is required (monthly or annual).");
                break;
            default:
                Error("billingPeriod", $"'{draft.BillingPeriod}' is not monthly or annual.");
                break;
        }

        if (draft.TermStart is { } termStart && draft.TermEnd is { } termEnd && termEnd < termStart)
        {
            Error("termEnd", "is before termStart.");
        }

        if (draft.TermStart is { } start && draft.RenewalDate is { } renewal && renewal < start)
        {
            Error("renewalDate", "is before termStart.");
        }

        var noticeDays = WholeNumber(draft.NoticeDays, "noticeDays", 0, 3650, errors) ?? 0;
        var inactivityDays = WholeNumber(draft.InactivityDays, "inactivityDays", 1, 3650, errors);
        decimal? headroom = null;
        if (draft.HeadroomPercent is { } h)
        {
            if (h is < 0 or > 1000)
            {
                Error("headroomPercent", "must be between 0 and 1000.");
            }
            else
            {
                headroom = h;
            }
        }

        var owner = Text(draft.Owner, "owner", required: false, errors);
        var costCenter = Text(draft.CostCenter, "costCenter", required: false, errors);
        var billedThrough = Text(draft.BilledThrough, "billedThrough", required: false, errors);
        var billingMatch = Text(draft.BillingMatch, "billingMatch", required: false, errors);
        if (billingMatch is not null && Spend.BillingMatch.Parse(billingMatch, out var matchError) is null)
        {
            Error("billingMatch", matchError!);
        }
        var notes = draft.Notes?.Trim();
        if (notes is { Length: > MaxNotesLength })
        {
            Error("notes", $"is longer than {MaxNotesLength} characters.");
        }

        if (errors.Count > 0)
        {
            return new Validated<Contract>(null, errors);
        }

        return new Validated<Contract>(new Contract
        {
            Id = id!,
            Vendor = vendor!,
            Name = name!,
            Source = source!,
            ProductKeys = productKeys,
            Seats = seats,
            UnitPrice = unitPrice,
            Currency = currency!,
            BillingPeriod = billing,
            TermStart = draft.TermStart,
            TermEnd = draft.TermEnd,
            RenewalDate = draft.RenewalDate,
            NoticeDays = noticeDays,
            AutoRenew = draft.AutoRenew ?? false,
            Owner = owner,
            CostCenter = costCenter,
            BilledThrough = string.Equals(billedThrough, Contract.AzureMarketplace, StringComparison.OrdinalIgnoreCase) ? Contract.AzureMarketplace : billedThrough,
            BillingMatch = billingMatch,
            InactivityDays = inactivityDays,
            HeadroomPercent = headroom,
            ExcludeFromFindings = draft.ExcludeFromFindings ?? false,
            Notes = string.IsNullOrEmpty(notes) ? null : notes,
        }, []);
    }

    /// <summary>
    /// Why a value cannot be a Table Storage key (Azure forbids / \ # ? and control characters; Azurite does
    /// not check, so we do), or null when it can.
    /// </summary>
    public static string? KeyProblem(string value)
    {
        // "." and ".." are path segments a URL resolves away: such a contract could never be read or deleted again.
        if (value is "." or "..")
        {
            return $"must not be '{value}' (a URL path cannot name it).";
        }

        if (value.Length > MaxIdLength)
        {
            return $"is longer than {MaxIdLength} characters.";
        }

        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?')
            {
                return $"must not contain '{c}' (it cannot be part of a storage key or URL path).";
            }

            if (char.IsControl(c))
            {
                return "must not contain control characters.";
            }
        }

        return value != value.Trim() ? "must not start or end with spaces." : null;
    }

    private static string? Text(string? value, string field, bool required, List<FieldError> errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors.Add(new FieldError(field, "is required."));
            }

            return null;
        }

        if (text.Length > MaxTextLength)
        {
            errors.Add(new FieldError(field, $"is longer than {MaxTextLength} characters."));
        }
        else if (text.Any(char.IsControl))
        {
            errors.Add(new FieldError(field, "must not contain control characters."));
        }

        return text;
    }

    private static int? WholeNumber(decimal? value, string field, int min, int max, List<FieldError> errors)
    {
        if (value is not { } v)
        {
            return null;
        }

        if (v != decimal.Truncate(v))
        {
            errors.Add(new FieldError(field, $"must be a whole number, not {v}."));
            return null;
        }

        if (v < min || v > max)
        {
            errors.Add(new FieldError(field, $"must be between {min} and {max}."));
            return null;
        }

        return (int)v;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "...";
}
