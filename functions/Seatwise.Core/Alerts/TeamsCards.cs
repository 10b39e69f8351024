using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Seatwise.Core.Findings;
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
    private const int MaxText = 300;

    private static readonly string[] EvidenceOrder =
    [
        "lastActivity", "accountEnabled", "entraEnabled", "vendorStatus", "assignedProducts", "unassigned", "overAssigned", "entitled", "assigned",
        "renewalDate", "noticeDate", "category", "apps", "lastSignInAt",
    ];

    public static string Serialize(JsonObject message) => message.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    public static JsonObject RunAlert(RunAlert alert)
    {
        var atStake = AlertSelection.Money(alert.NewFindings.Select(f => (f.Currency, f.AnnualCost)));
        return Fit(Math.Min(TopFindings, alert.NewFindings.Count), shown =>
        {
            var body = new JsonArray
            {
                Text($"Seatwise: {Count(alert.NewFindings.Count, "new finding")}", weight: "Bolder", size: "Large"),
                Text($"{atStake} per year at stake · run {alert.RunId} · {alert.RunAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC", subtle: true, spacing: "None"),
                Facts(
                    ("New findings", alert.NewFindings.Count.ToString("N0", CultureInfo.InvariantCulture)),
                    ("Money at stake", atStake + " per year"),
                    ("Open in total", alert.OpenTotal.ToString("N0", CultureInfo.InvariantCulture))),
            };
            if (alert.NewFindings.Count > 0)
            {
                body.Add(Text($"Top {shown} by annual cost", weight: "Bolder", spacing: "Medium"));
                AddFindings(body, alert.NewFindings, shown);
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
                Text($"{Count(openCount, "open finding")} · {AlertSelection.Money(digest.OpenByType.Select(t => (t.Currency, t.AnnualCost)))} per year · {digest.At.UtcDateTime:yyyy-MM-dd}", subtle: true, spacing: "None"),
                Text("Since last week", weight: "Bolder", spacing: "Medium"),
                Facts(
                    ("New findings", digest.NewThisWeek.ToString("N0", CultureInfo.InvariantCulture)),
                    ("Resolved", digest.ResolvedThisWeek.ToString("N0", CultureInfo.InvariantCulture)),
                    ("Annual waste", WasteChange(digest.WasteNow, digest.WasteWeekAgo))),
                Text("Open findings by type", weight: "Bolder", spacing: "Medium"),
                Facts([.. digest.OpenByType.OrderByDescending(t => t.AnnualCost).Select(t => (t.Type, $"{t.Count:N0} · {AlertSelection.Money(t.Currency, t.AnnualCost)}"))]),
            };
            if (digest.MostExpensive.Count > 0)
            {
                body.Add(Text($"The {shown} most expensive", weight: "Bolder", spacing: "Medium"));
                AddFindings(body, digest.MostExpensive, shown);
            }

            AddRenewals(body, digest.Renewals, $"Renewals in the next {digest.RenewalWindowDays} days");
            return Envelope(body, digest.DashboardUrl);
        });
    }

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

    private static void AddFindings(JsonArray body, IReadOnlyList<Finding> findings, int shown)
    {
        foreach (var f in findings.Take(shown))
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

        if (findings.Count > shown)
        {
            var rest = findings.Skip(shown);
            body.Add(Text($"…and {findings.Count - shown:N0} more ({AlertSelection.Money(rest.Select(f => (f.Currency, f.AnnualCost)))} per year): see the dashboard.", subtle: true));
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
            card["actions"] = new JsonArray { new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open the dashboard", ["url"] = dashboardUrl } };
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
