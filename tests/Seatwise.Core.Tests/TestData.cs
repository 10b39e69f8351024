using Seatwise.Core.Contracts;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reconciliation;

namespace Seatwise.Core.Tests;

/// <summary>Builders for readable tests: only what a test is about is spelled out.</summary>
internal static class TestData
{
    /// <summary>The run instant most tests judge by: 2026-06-15 12:00 UTC.</summary>
    public static readonly DateTimeOffset RunAt = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    public const string Tenant = "contoso";

    /// <summary>
    /// Both steps a run makes over the same seats, the contract reconciler and the tenant-wide seat rules, with the
    /// findings of both in one result.
    /// </summary>
    public static ReconcileResult ReconcileBothSteps(ReconcileInput input, IEnumerable<AccountSeats> seats, ISeatLineSink? sink = null)
    {
        var reconciler = new ContractReconciler(input, sink);
        var tenant = new TenantSeatRules(new TenantSeatInput { TenantId = input.TenantId, Rules = input.Rules, Contracts = input.Contracts, Products = input.Products });
        foreach (var account in seats)
        {
            reconciler.Add(account);
            tenant.Add(account);
        }

        var result = reconciler.Complete();
        return result with { Findings = [.. result.Findings, .. tenant.Complete()] };
    }

    public static Contract Contract(
        string id = "m365-e5",
        string source = "graph",
        string[]? productKeys = null,
        int? seats = 10,
        decimal unitPrice = 57m,
        BillingPeriod billing = BillingPeriod.Monthly,
        string currency = "EUR",
        DateOnly? renewalDate = null,
        int noticeDays = 0,
        DateOnly? termStart = null,
        DateOnly? termEnd = null,
        int? inactivityDays = null,
        decimal? headroomPercent = null,
        bool excludeFromFindings = false,
        string vendor = "Microsoft") => new()
        {
            Id = id,
            Vendor = vendor,
            Name = id,
            Source = source,
            ProductKeys = productKeys ?? ["SPE_E5"],
            Seats = seats,
            UnitPrice = unitPrice,
            Currency = currency,
            BillingPeriod = billing,
            RenewalDate = renewalDate,
            NoticeDays = noticeDays,
            TermStart = termStart,
            TermEnd = termEnd,
            InactivityDays = inactivityDays,
            HeadroomPercent = headroomPercent,
            ExcludeFromFindings = excludeFromFindings,
        };

    /// <summary>An enabled account created long ago whose last successful sign-in was <paramref name="daysAgo"/> days before the run.</summary>
    public static Account Account(string name, double? daysAgo = 1, string source = "graph", bool enabled = true, double createdDaysAgo = 1000) => new()
    {
        Source = source,
        AccountId = $"{source}-{name}",
        IdentityKey = $"{name}@contoso.com",
        DisplayName = name,
        Enabled = enabled,
        CreatedAt = RunAt.AddDays(-createdDaysAgo),
        LastSuccessfulSignInAt = daysAgo is { } d ? RunAt.AddDays(-d) : null,
    };

    public static AccountSeats Holding(Account account, params string[] productKeys) =>
        new(account, [.. productKeys.Select(k => new SeatAssignment(k))]);
}
