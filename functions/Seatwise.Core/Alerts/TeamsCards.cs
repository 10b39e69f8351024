using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Seatwise.Core.Findings;
using Seatwise.Core.Money;
using Seatwise.Core.Reporting;

namespace Seatwise.Core.Alerts;

/// <summary>
/// Teams messages as a Workflows webhook takes them: the <c>message</c> envelope with one Adaptive Card
/// (version 1.5, only TextBlock, FactSet, Container and Action.OpenUrl, which every Teams client renders).
/// Bodies stay under <see cref="MaxBytes"/>: when a list would pass it, the list is cut and says how many more.
/// </summary>
public static class TeamsCards
{
    public const string CardVersion = "1.5";
    public const string AdaptiveContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Teams refuses posts over about 28 KB; some were seen failing from 21 KB, so cards aim lower.</summary>
    public const int MaxBytes = 20 * 1024;

    public const int TopFindings = 10;

    /// <summary>Review decisions a run's card lists (renewals and overlapping apps are few; the dashboard has all).</summary>
    public const int MaxReviewShown = 5;
    private const int MaxText = 300;

    private static readonly string[] EvidenceOrder =
    [
        "lastActivity", "accountEnabled", "entraEnabled", "vendorStatus", "assignedProducts", "unassigned", "overAssigned", "entitled", "assigned",
        "renewalDate", "noticeDate", "category", "apps", "lastSignInAt",
    ];

    public static string Serialize(JsonObject message) => message.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    public static JsonObject RunAlert(RunAlert alert)
    {
        var news = alert.NewFindings;
        return Fit(Math.Min(TopFindings, news.SavingsCount), shown =>
        {
            var body = new JsonArray
            {
                Text($"Seatwise: {Count(news.Count, "new finding")}", weight: "Bolder", size: "Large"),
                Text($"{PerCurrency(alert.Headlines, h => h.PotentialSavings)} potential savings at renewal · {PerCurrency(alert.Headlines, h => h.UnusedNow)} unused now · run {alert.RunId} · {alert.RunAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC", subtle: true, spacing: "None"),
                HeadlineFacts(alert.Headlines, ("Open findings", alert.OpenTotal.ToString("N0", CultureInfo.InvariantCulture))),
            };
            if (news.SavingsCount > 0)
            {
                body.Add(Text($"Top {shown} new savings findings", weight: "Bolder", spacing: "Medium"));
                AddFindings(body, news.TopSavings, news.SavingsCount, shown, news.SavingsAfter(shown));
            }

            if (news.ReviewCount > 0)
            {
                body.Add(Text($"Decisions to review · spend under review {PerCurrency(alert.Headlines, h => h.SpendUnderReview)}", weight: "Bolder", spacing: "Medium"));
                // No sum for the rest: two review findings can name one contract; the heading has the total, each contract once.
                AddFindings(body, news.TopReview, news.ReviewCount, Math.Min(shown, MaxReviewShown), restMoney: null);
            }

            AddRenewals(body, alert.Renewals, $"Notice dates in the next {alert.RenewalWindowDays} days");
            return Envelope(body, alert.DashboardUrl);
        });
    }

    public static JsonObject Digest(WeeklyDigest digest)
    {
        var openCount = digest.OpenByType.Sum(t => t.Count);
        return Fit(Math.Min(TopFindings, digest.MostExpensive.Count), shown =>
        {
            var body = new JsonArray
            {
                Text("Seatwise weekly digest", weight: "Bolder", size: "Large"),
                Text($"{Count(openCount, "open finding")} · {PerCurrency(digest.Headlines, h => h.PotentialSavings)} potential savings at renewal · {digest.At.UtcDateTime:yyyy-MM-dd}", subtle: true, spacing: "None"),
                Text("Since last week", weight: "Bolder", spacing: "Medium"),
                Facts(
                    ("New findings", digest.NewThisWeek.ToString("N0", CultureInfo.InvariantCulture)),
                    ("Resolved", digest.ResolvedThisWeek.ToString("N0", CultureInfo.InvariantCulture)),
                    ("Unused now", WasteChange(digest.WasteNow, digest.WasteWeekAgo))),
                Text("Where the money is", weight: "Bolder", spacing: "Medium"),
                HeadlineFacts(digest.Headlines),
                Text("Open findings by type", weight: "Bolder", spacing: "Medium"),
                Facts([.. TypeRows(digest.OpenByType)]),
            };
            if (digest.MostExpensive.Count > 0)
            {
                body.Add(Text($"The {shown} largest savings", weight: "Bolder", spacing: "Medium"));
                AddFindings(body, digest.MostExpensive, digest.MostExpensive.Count, shown, digest.MostExpensive.Skip(shown).Select(f => (f.Currency, f.AnnualCost)));
            }

            AddRenewals(body, digest.Renewals, $"Renewals in the next {digest.RenewalWindowDays} days");
            return Envelope(body, digest.DashboardUrl);
        });
    }

    /// <summary>The headline facts, every card the same way: one line each, its amounts per currency.</summary>
    public static JsonObject HeadlineFacts(IReadOnlyList<CurrencyHeadlines> headlines, params (string Title, string Value)[] more) => Facts(
    [
        ("Annual spend", PerCurrency(headlines, h => h.AnnualSpend)),
        ("Unused now", PerCurrency(headlines, h => h.UnusedNow)),
        ("Potential savings at renewal", PerCurrency(headlines, h => h.PotentialSavings)),
        ("True-up exposure", PerCurrency(headlines, h => h.TrueUpExposure)),
        ("Spend under review", PerCurrency(headlines, h => h.SpendUnderReview)),
        .. more,
    ]);

    /// <summary>"EUR 1,200.00 · USD 80.00": one amount per currency side by side, never added.</summary>
    public static string PerCurrency(IReadOnlyList<CurrencyHeadlines> headlines, Func<CurrencyHeadlines, decimal> value) =>
        headlines.Count == 0 ? "no run yet" : string.Join(" · ", headlines.Select(h => AlertSelection.Money(h.Currency, value(h))));

    /// <summary>One row per type with its kind; its money per currency inside the row; a type without money shows its count.</summary>
    private static IEnumerable<(string Title, string Value)> TypeRows(IReadOnlyList<TypeTotal> totals) =>
        totals.GroupBy(t => t.Type, StringComparer.Ordinal)
            .OrderByDescending(g => g.Max(t => t.AnnualCost)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var money = g.Where(t => t.AnnualCost != 0).OrderBy(t => t.Currency, StringComparer.Ordinal).Select(t => AlertSelection.Money(t.Currency, t.AnnualCost)).ToList();
                var count = g.Sum(t => t.Count).ToString("N0", CultureInfo.InvariantCulture);
                return ($"{g.Key} ({MoneyKinds.Of(g.Key)})", money.Count == 0 ? count : $"{count} · {string.Join(" · ", money)}");
            });

    /// <summary>Builds the message with the longest list that keeps it under <see cref="MaxBytes"/>.</summary>
    private static JsonObject Fit(int most, Func<int, JsonObject> build)
    {
        for (var shown = most; ; shown--)
        {
            var message = build(shown);
            if (shown == 0 || Encoding.UTF8.GetByteCount(Serialize(message)) <= MaxBytes)
            {
                return message;
            }
        }
    }

    /// <summary>The one line of evidence a card shows: the facts that best prove the finding, at most three.</summary>
    public static string EvidenceLine(Finding finding)
    {
        var keys = EvidenceOrder.Where(finding.Evidence.ContainsKey).ToList();
        if (keys.Count == 0)
        {
            keys = [.. finding.Evidence.Keys.Order(StringComparer.Ordinal)];
        }

        return string.Join(" · ", keys.Take(3).Select(k => $"{k}: {(finding.Evidence[k].Length == 0 ? "none" : finding.Evidence[k])}"));
    }

    /// <param name="top">The findings to show from, in order.</param>
    /// <param name="count">How many findings there are in all (the ones not in <paramref name="top"/> too).</param>
    /// <param name="restMoney">The money of those not shown, or null to give only their count.</param>
    private static void AddFindings(JsonArray body, IReadOnlyList<Finding> top, int count, int shown, IEnumerable<(string Currency, decimal Amount)>? restMoney)
    {
        foreach (var f in top.Take(shown))
        {
            var where = f.ContractId.Length > 0 ? $" · {f.ContractId}" : string.Empty;
            body.Add(new JsonObject
            {
                ["type"] = "Container",
                ["separator"] = true,
                ["items"] = new JsonArray
                {
                    Text($"**{AlertSelection.Money(f.Currency, f.AnnualCost)}** per year · {f.Type}{where}"),
                    Text(f.Subject, spacing: "None"),
                    Text(EvidenceLine(f), subtle: true, size: "Small", spacing: "None"),
                },
            });
        }

        if (count > shown)
        {
            body.Add(Text(restMoney is not null
                ? $"…and {count - shown:N0} more ({AlertSelection.Money(restMoney)} per year): see the dashboard."
                : $"…and {count - shown:N0} more: see the dashboard.", subtle: true));
        }
    }

    private static void AddRenewals(JsonArray body, IReadOnlyList<UpcomingRenewal> renewals, string title)
    {
        if (renewals.Count == 0)
        {
            return;
        }

        body.Add(Text(title, weight: "Bolder", spacing: "Medium"));
        body.Add(Facts([.. renewals.Take(10).Select(r => (
            $"{r.Contract.Vendor} {r.Contract.Name}",
            $"notice {r.NoticeDate:yyyy-MM-dd} ({(r.DaysToNotice < 0 ? $"passed {-r.DaysToNotice} days ago" : $"in {r.DaysToNotice} days")}), renews {r.RenewalDate:yyyy-MM-dd}"))]));
        if (renewals.Count > 10)
        {
            body.Add(Text($"…and {renewals.Count - 10} more renewals.", subtle: true));
        }
    }

    private static JsonObject Envelope(JsonArray body, string? dashboardUrl)
    {
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = CardVersion,
            ["msteams"] = new JsonObject { ["width"] = "Full" },
            ["body"] = body,
        };
        if (dashboardUrl is not null)
        {
            // The second button opens the dashboard's Reclaim view, where the new findings become a plan to review.
            card["actions"] = new JsonArray
            {
                new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open the dashboard", ["url"] = dashboardUrl },
                new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Plan the reclaim", ["url"] = dashboardUrl.Split('#')[0] + "#reclaim" },
            };
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray
            {
                new JsonObject { ["contentType"] = AdaptiveContentType, ["contentUrl"] = null, ["content"] = card },
            },
        };
    }

    private static JsonObject Text(string text, string? weight = null, string? size = null, bool subtle = false, string? spacing = null)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = Clip(text), ["wrap"] = true };
        if (weight is not null)
        {
            block["weight"] = weight;
        }

        if (size is not null)
        {
            block["size"] = size;
        }

        if (subtle)
        {
            block["isSubtle"] = true;
        }

        if (spacing is not null)
        {
            block["spacing"] = spacing;
        }

        return block;
    }

    private static JsonObject Facts(params (string Title, string Value)[] facts) => new()
    {
        ["type"] = "FactSet",
        ["facts"] = new JsonArray([.. facts.Select(f => (JsonNode)new JsonObject { ["title"] = Clip(f.Title), ["value"] = Clip(f.Value) })]),
    };

    private static string WasteChange(IReadOnlyDictionary<string, decimal> now, IReadOnlyDictionary<string, decimal>? weekAgo)
    {
        var current = AlertSelection.Money(now.Select(kv => (kv.Key, kv.Value)));
        if (weekAgo is null)
        {
            return current + " (no run a week ago to compare with)";
        }

        var deltas = now.Keys.Union(weekAgo.Keys).Order(StringComparer.Ordinal)
            .Select(c => (Currency: c, Delta: now.GetValueOrDefault(c) - weekAgo.GetValueOrDefault(c)))
            .Select(d => (d.Delta >= 0 ? "+" : "−") + AlertSelection.Money(d.Currency, Math.Abs(d.Delta)));
        return $"{current} ({string.Join(", ", deltas)} since last week)";
    }

    private static string Count(int count, string noun) => $"{count:N0} {noun}{(count == 1 ? string.Empty : "s")}";

    private static string Clip(string text) => text.Length <= MaxText ? text : text[..(MaxText - 1)] + "…";
}
