using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Seatwise.Core.Contracts;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Generation;
using Seatwise.DemoTenant.Teams;
using Seatwise.Storage.SeatExports;
using Seatwise.Workflows;

namespace Seatwise.Local.Demo;

/// <summary>
/// <c>--demo</c>: the embedded demo tenant (Graph, the vendor APIs and the Teams webhook stand-in), the sample contract register,
/// one run with a progress line per step, then a summary a person can read and the URLs to open.
/// </summary>
public static class DemoMode
{
    /// <summary>The demo's approver key: printed with the reclaim commands; a real deployment's lives in Key Vault.</summary>
    public const string DemoApproverKey = "demo-approver-key";

    /// <summary>Starts the demo tenant and points the host's settings at it (before the host starts).</summary>
    public static async Task<DemoTenantServer> StartTenantAsync(LocalHostSettings settings, TextWriter output)
    {
        var demo = await DemoTenantServer.StartAsync(new DemoTenantOptions { Users = settings.DemoUsers, Seed = settings.DemoSeed });
        output.WriteLine($"Demo tenant: {settings.DemoUsers:N0} generated users (seed {settings.DemoSeed}) at {demo.Root}");
        settings.Settings["Graph:BaseUrl"] = demo.GraphBaseUrl;
        settings.Settings["Graph:Authentication"] = "None";
        settings.Settings.TryAdd("Alerts:TeamsWebhookUrl", demo.TeamsWebhookUrl);
        settings.Settings.TryAdd("Seatwise:TenantId", "demo");
        // Reclaim writes only to the demo tenant here, so the demo switches it on with a key it prints.
        settings.Settings.TryAdd("Reclaim:Enabled", "true");
        settings.Settings.TryAdd("Reclaim:ApproverKey", DemoApproverKey);
        // Notices go out from this mailbox through the demo's sendMail, if a demo sets Reclaim__NoticeDays.
        settings.Settings.TryAdd("Reclaim:NoticeMailbox", "licensing@" + TenantGenerator.Domain);
        foreach (var source in SourceNames.Vendors)
        {
            settings.Settings.TryAdd($"Sources:{source}:Enabled", "true");
        }

        foreach (var (key, value) in demo.VendorSettings())
        {
            settings.Settings.TryAdd(key, value);
        }
        demo.State.Webhook.MessageReceived += message => PrintCard(message, output);
        return demo;
    }

    /// <summary>Seeds the register (first start only), runs one sync, prints the summary.</summary>
    public static async Task RunAsync(LocalHost host, DemoTenantServer demo, LocalHostSettings settings, TextWriter output, CancellationToken cancellationToken,
        IReadOnlyList<ExtraTenant>? extraTenants = null)
    {
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseAddress, "api/"), Timeout = TimeSpan.FromMinutes(30) };
        // The key the host checks, from wherever the host read it (an environment variable or a test's settings).
        if (host.Services.GetRequiredService<IConfiguration>()["Api:Key"] is { Length: > 0 } key)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        extraTenants ??= [];
        await SeedAsync(client, settings, output, cancellationToken);
        await UploadSeatExportAsync(host, demo, settings, output, cancellationToken);
        var run = await RunOnceAsync(client, output, cancellationToken);
        await PrintSummaryAsync(client, run, host.Services.GetRequiredService<IOptions<RenewalSettings>>().Value.CalendarDays, output, cancellationToken);
        if (extraTenants.Count > 0)
        {
            await RunExtraTenantsAsync(client, extraTenants, settings, output, cancellationToken);
        }
        var root = host.BaseAddress;
        output.WriteLine();
        output.WriteLine("Open:");
        output.WriteLine($"  dashboard   {root}api/dashboard");
        output.WriteLine($"  API         {root}api/summary, {root}api/findings, {root}api/positions (OpenAPI: {root}api/openapi.json)");
        output.WriteLine($"  evidence    {root}api/contracts/m365-e3/seats?format=csv");
        output.WriteLine();
        output.WriteLine("Reclaim (writes go to the demo tenant only; docs/reclaim.md):");
        output.WriteLine($"  plan        curl -si -X POST {root}api/reclaim-plans -H 'content-type: application/json' -d '{{\"minDaysInactive\":90}}'");
        output.WriteLine($"  approve     curl -s -X POST {root}api/reclaim-plans/<id>/approve -H 'If-Match: <ETag from the plan>' -H 'x-seatwise-approver-key: {DemoApproverKey}'");
        output.WriteLine($"  dry run     curl -s -X POST '{root}api/reclaim-plans/<id>/execute?dryRun=true' -H 'x-seatwise-approver-key: {DemoApproverKey}'");
        output.WriteLine($"  execute     curl -s -X POST {root}api/reclaim-plans/<id>/execute -H 'x-seatwise-approver-key: {DemoApproverKey}'  (then GET the plan; undo: .../undo)");
        output.WriteLine("Press Ctrl+C to stop. " + WhereTheDataStays(settings, host.AzuriteProcessId is not null, host.OnAzurite));
    }

    /// <summary>
    /// Where the demo's data is once Seatwise stops, for its last line: in the folder of the Azurite this host started,
    /// nowhere when that Azurite kept it in memory (demos too large for its disk format), or wherever the storage
    /// already running or named in AzureWebJobsStorage keeps it.
    /// </summary>
    internal static string WhereTheDataStays(LocalHostSettings settings, bool azuriteStarted, bool onAzurite) =>
        (azuriteStarted, onAzurite, settings.AzuriteLocation) switch
        {
            (true, _, null) => "Azurite keeps the data in memory: it is gone when Seatwise stops.",
            (true, _, var folder) => $"The data stays in {(settings.RepoRoot is null ? folder : Path.GetRelativePath(settings.RepoRoot, folder))}; the next start reuses it.",
            (false, true, _) => "The data stays in the Azurite that was already running.",
            _ => "The data stays in the storage account AzureWebJobsStorage names.",
        };

    /// <summary>A registry tenant of <c>--demo-tenants</c>: its own demo tenant server and its registry entry.</summary>
    public sealed record ExtraTenant(DemoTenantServer Server, DemoTenantRegistry.Registration Registration);

    /// <summary>The vendor pairs the extra demo tenants collect, in turn, so each tenant runs different sources.</summary>
    private static readonly string[][] ExtraSources = [["slack", "zoom"], ["github", "atlassian"], ["salesforce"], ["zoom", "github"]];

    /// <summary>
    /// <c>--demo-tenants N</c>: N-1 more demo tenants besides the default one, each smaller than the last
    /// (users / 2, / 3, ...), with its own seed and sources, registered as registry tenants whose secrets are Key
    /// Vault references the local host answers (before the host starts: it reads those answers at start).
    /// </summary>
    public static async Task<IReadOnlyList<ExtraTenant>> StartExtraTenantsAsync(LocalHostSettings settings, TextWriter output)
    {
        var extras = new List<ExtraTenant>();
        settings.Settings.TryAdd("Graph:TenantAuthentication", "None");
        for (var i = 2; i <= settings.DemoTenants; i++)
        {
            var users = Math.Max(1, settings.DemoUsers / i);
            var server = await DemoTenantServer.StartAsync(new DemoTenantOptions { Users = users, Seed = settings.DemoSeed + i });
            var registration = DemoTenantRegistry.Describe($"demo-{i}", $"Demo subsidiary {i}", server, ExtraSources[(i - 2) % ExtraSources.Length]);
            foreach (var (key, value) in registration.HostSettings)
            {
                settings.Settings[key] = value;
            }

            output.WriteLine($"Demo tenant demo-{i}: {users:N0} generated users (seed {settings.DemoSeed + i}), sources graph, {string.Join(", ", registration.Record.Sources)}");
            extras.Add(new ExtraTenant(server, registration));
        }

        return extras;
    }

    /// <summary>Registers each extra tenant (replacing last start's entry: its ports changed), seeds its contracts, runs it, then prints the portfolio.</summary>
    private static async Task RunExtraTenantsAsync(HttpClient client, IReadOnlyList<ExtraTenant> extras, LocalHostSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        foreach (var extra in extras)
        {
            var record = extra.Registration.Record;
            output.WriteLine();
            output.WriteLine($"Tenant {record.Id} ({record.DisplayName})");
            using var request = new HttpRequestMessage(HttpMethod.Put, $"tenants/{record.Id}") { Content = JsonContent.Create(record) };
            request.Headers.TryAddWithoutValidation("If-Match", "*");
            using var replaced = await client.SendAsync(request, cancellationToken);
            if (replaced.StatusCode == HttpStatusCode.NotFound)
            {
                using var created = await client.PutAsJsonAsync($"tenants/{record.Id}", record, cancellationToken);
                created.EnsureSuccessStatusCode();
            }
            else
            {
                replaced.EnsureSuccessStatusCode();
            }

            var prefix = $"tenants/{record.Id}/";
            await SeedAsync(client, settings, output, cancellationToken, prefix, [SourceNames.Graph, .. record.Sources]);
            await RunOnceAsync(client, output, cancellationToken, prefix);
        }

        var portfolio = (await client.GetFromJsonAsync<JsonObject>("portfolio", cancellationToken))!;
        output.WriteLine();
        output.WriteLine("Portfolio (GET /api/portfolio): every tenant's latest run, each kind of money summed only with itself");
        foreach (var tenant in portfolio["tenants"]!.AsArray())
        {
            var lead = tenant!["headlines"]!.AsArray().FirstOrDefault();
            output.WriteLine($"  {Clip(tenant["id"]!.GetValue<string>(), 12),-12} {tenant["lastRun"]?["status"],-20} open findings {tenant["openFindings"],5}" +
                (lead is null ? string.Empty : $"  {lead["currency"]}: spend {Money(lead["annualSpend"], lead["currency"]!.GetValue<string>())}, unused now {Money(lead["unusedNow"], lead["currency"]!.GetValue<string>())}"));
        }

        foreach (var total in portfolio["totals"]!.AsArray())
        {
            var c = total!["currency"]!.GetValue<string>();
            output.WriteLine($"  all tenants {c} ({total["tenants"]} tenants): annual spend {Money(total["annualSpend"], c)} · unused now {Money(total["unusedNow"], c)} · potential savings at renewal {Money(total["potentialSavings"], c)}");
        }

        output.WriteLine($"  each tenant's own routes: {client.BaseAddress}tenants/{extras[0].Registration.Record.Id}/summary, .../findings, .../positions (docs/multi-tenant.md)");
    }

    /// <summary>The demo's vendor without an API: an Adobe seat export in seat-exports/, read by the csv source.</summary>
    private static async Task UploadSeatExportAsync(LocalHost host, DemoTenantServer demo, LocalHostSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var tenant = settings.Settings.TryGetValue("Seatwise:TenantId", out var t) && t is not null ? t : "demo";
        await host.Services.GetRequiredService<SeatExportFiles>().UploadAsync(tenant, DemoSeatExport.Path, DemoSeatExport.AdobeCsv(demo.State), cancellationToken);
        output.WriteLine($"Seat export: {SeatExportFiles.ContainerName}/{tenant}/{DemoSeatExport.Path} (Adobe, read by the csv source).");
    }

    private static async Task SeedAsync(HttpClient client, LocalHostSettings settings, TextWriter output, CancellationToken cancellationToken, string prefix = "", IReadOnlyList<string>? sources = null)
    {
        var existing = await client.GetFromJsonAsync<JsonObject>(prefix + "contracts?top=1", cancellationToken);
        if (existing?["items"] is JsonArray { Count: > 0 })
        {
            output.WriteLine("Contract register: already seeded (reusing the data of the last start; delete .seatwise/ to start over with the current samples).");
            return;
        }

        var path = Path.Combine(settings.RepoRoot ?? Directory.GetCurrentDirectory(), "docs", "samples", "contracts.csv");
        if (!File.Exists(path))
        {
            output.WriteLine($"Contract register: no sample at {path}; import yours with POST /api/contracts/import.");
            return;
        }

        var csv = RollForward(await File.ReadAllTextAsync(path, cancellationToken), DateOnly.FromDateTime(DateTime.UtcNow), sources);
        using var response = await client.PostAsync(prefix + "contracts/import", new StringContent(csv, Encoding.UTF8, "text/csv"), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"seeding the sample contracts failed: {(int)response.StatusCode} {body}");
        }

        output.WriteLine($"Contract register: imported docs/samples/contracts.csv ({JsonNode.Parse(body)?["created"]} contracts; renewal dates moved forward by whole years so they lie ahead).");
    }

    /// <summary>
    /// The sample's dates are fixed; a demo months later would show only past renewals. Every contract whose
    /// renewal date has passed moves forward by whole years (term and renewal together) until it lies ahead.
    /// </summary>
    /// <param name="sources">When given, only the contracts of these sources (a demo tenant that collects fewer).</param>
    public static string RollForward(string csv, DateOnly today, IReadOnlyList<string>? sources = null)
    {
        var parsed = ContractCsv.Parse(new StringReader(csv));
        if (parsed.Errors.Count > 0)
        {
            return csv;
        }

        var text = new StringBuilder(ContractCsv.Header);
        foreach (var contract in parsed.Contracts.Where(c => sources is null || sources.Contains(c.Source, StringComparer.Ordinal)))
        {
            var years = 0;
            while (contract.RenewalDate is { } renewal && renewal.AddYears(years) < today)
            {
                years++;
            }

            text.Append(ContractCsv.Row(contract with
            {
                RenewalDate = contract.RenewalDate?.AddYears(years),
                TermStart = contract.TermStart?.AddYears(years),
                TermEnd = contract.TermEnd?.AddYears(years),
            }));
        }

        return text.ToString();
    }

    private static async Task<JsonObject> RunOnceAsync(HttpClient client, TextWriter output, CancellationToken cancellationToken, string prefix = "")
    {
        using var started = await client.PostAsync(prefix + "runs", null, cancellationToken);
        var start = JsonNode.Parse(await started.Content.ReadAsStringAsync(cancellationToken))!;
        var runId = start["runId"]!.GetValue<string>();
        output.WriteLine(started.StatusCode == HttpStatusCode.Conflict ? $"Run {runId} is already running; following it." : $"Run {runId} started.");
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(500, cancellationToken);
            var run = (await client.GetFromJsonAsync<JsonObject>($"{prefix}runs/{runId}", cancellationToken))!;
            foreach (var source in run["sources"] as JsonArray ?? [])
            {
                var name = source!["source"]!.GetValue<string>();
                if (reported.Add("source:" + name))
                {
                    var status = source["status"]!.GetValue<string>();
                    output.WriteLine(status == "ok"
                        ? $"  collected {name}: {source["accounts"]} accounts, {source["seats"]} seats, {source["apps"]} apps in {source["durationSeconds"]!.GetValue<double>():0.0} s"
                        : $"  {name}: {status} — {source["error"]}");
                    foreach (var warning in (source["warnings"] as JsonArray ?? []).Take(3))
                    {
                        output.WriteLine($"    warning: {warning}");
                    }

                    // Optional parts (Graph's usage reports): say whether they ran, and why not.
                    foreach (var part in source["parts"] as JsonArray ?? [])
                    {
                        output.WriteLine(part!["status"]!.GetValue<string>() == "ok"
                            ? $"    {part["name"]}: ok"
                            : $"    {part["name"]}: {part["status"]} — {part["reason"]}");
                    }

                    if (source["unmatched"]?.GetValue<int>() is > 0 and var unmatched)
                    {
                        output.WriteLine($"    {unmatched} unmatched accounts (no address to join with Entra ID; never counted as leavers)");
                    }
                }
            }

            var status2 = run["status"]!.GetValue<string>();
            if (status2 is "completed" or "completedWithErrors" or "failed")
            {
                foreach (var contract in run["contracts"] as JsonArray ?? [])
                {
                    var s = contract!["status"]!.GetValue<string>();
                    output.WriteLine(s is "ok" or "stale"
                        ? $"  reconciled {contract["contractId"]}: {contract["assigned"]} seats, {contract["findings"]} findings"
                        : $"  {s} {contract["contractId"]}: {contract["reason"]}");
                }

                if (run["alerts"] is null)
                {
                    // Alerts are the run's last step, after it has recorded its end.
                    for (var i = 0; i < 60 && run["alerts"] is null; i++)
                    {
                        await Task.Delay(250, cancellationToken);
                        run = (await client.GetFromJsonAsync<JsonObject>($"{prefix}runs/{runId}", cancellationToken))!;
                    }
                }

                output.WriteLine($"Run {runId} {status2} in {watch.Elapsed.TotalSeconds:0.0} s; Teams alert: {run["alerts"]?["status"] ?? "pending"}.");
                return run;
            }

            if (reported.Add("status:" + status2))
            {
                output.WriteLine($"  run {status2}...");
            }
        }
    }

    /// <summary>
    /// The cross-system join the demo exists to show: vendor seats whose person has no enabled Entra account, per
    /// contract from the summary's tallies, with the most expensive seat of each as the example (one finding per
    /// contract read, not every orphaned seat: a 100,000-user demo has over 15,000).
    /// </summary>
    private static async Task PrintOrphanedSeatsAsync(HttpClient client, JsonObject summary, TextWriter output, CancellationToken cancellationToken)
    {
        var contracts = summary["openFindings"]!["byType"]!.AsArray()
            .FirstOrDefault(t => t!["type"]!.GetValue<string>() == FindingTypes.OrphanedSeat)?["contracts"]?.AsArray() ?? [];
        if (contracts.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Vendor seats held by leavers or by people Entra ID does not know (orphaned-seat)");
        foreach (var contract in contracts)
        {
            var id = contract!["contractId"]!.GetValue<string>();
            var example = (await client.GetFromJsonAsync<JsonObject>($"findings?type={FindingTypes.OrphanedSeat}&contractId={Uri.EscapeDataString(id)}&top=1", cancellationToken))!["items"]!.AsArray().FirstOrDefault();
            if (example is null)
            {
                continue;
            }

            var currency = example["currency"]!.GetValue<string>();
            var money = contract["money"]!.AsArray().FirstOrDefault(m => m!["currency"]!.GetValue<string>() == currency)?["annualCost"]?.GetValue<decimal>() ?? 0m;
            var evidence = example["evidence"]!;
            var last = evidence["status"]?.GetValue<string>() == "unknown" ? "unknown (no activity data)"
                : evidence["lastActivity"]?.GetValue<string>() is { Length: >= 10 } at ? at[..10] : "never";
            output.WriteLine($"  {Clip(id, 22),-22} {contract["count"]!.GetValue<int>(),4} seats {Money(JsonValue.Create(money), currency),14}/yr  e.g. {Clip(example["subject"]!.GetValue<string>(), 50)}: " +
                $"Entra {evidence["entraAccount"]}, {evidence["source"]} last active {last}");
        }
    }

    private static async Task PrintSummaryAsync(HttpClient client, JsonObject run, int calendarDays, TextWriter output, CancellationToken cancellationToken)
    {
        if (run["status"]!.GetValue<string>() == "failed")
        {
            output.WriteLine($"The run failed: {run["error"]}");
            return;
        }

        var summary = (await client.GetFromJsonAsync<JsonObject>("summary", cancellationToken))!;
        output.WriteLine();
        output.WriteLine("Summary");
        // The same headlines as the card, the digest and the dashboard; each kind of money on its own.
        foreach (var h in summary["headlines"]!.AsArray())
        {
            var c = h!["currency"]!.GetValue<string>();
            var utilization = summary["totals"]!.AsArray().FirstOrDefault(t => t!["currency"]!.GetValue<string>() == c)?["utilization"];
            output.WriteLine($"  {c}: annual spend {Money(h["annualSpend"], c)} · unused now {Money(h["unusedNow"], c)} · potential savings at renewal {Money(h["potentialSavings"], c)}");
            output.WriteLine($"  {new string(' ', c.Length)}  true-up exposure {Money(h["trueUpExposure"], c)} · spend under review {Money(h["spendUnderReview"], c)} ({h["contractsUnderReview"]} contracts) · utilization {Percent(utilization)}");
        }

        output.WriteLine($"  open findings {summary["openFindings"]!["count"]}");
        var findings = (await client.GetFromJsonAsync<JsonObject>("findings?top=10", cancellationToken))!["items"]!.AsArray();
        output.WriteLine();
        output.WriteLine("The 10 findings with the most money (each of its own kind: savings, exposure or review)");
        output.WriteLine($"  {"per year",16}  {"kind",-8} {"type",-20} {"contract",-16} subject");
        foreach (var f in findings)
        {
            output.WriteLine($"  {Money(f!["annualCost"], f["currency"]!.GetValue<string>()),16}  {f["moneyKind"],-8} {f["type"],-20} {Clip(f["contractId"]?.GetValue<string>() ?? "–", 16),-16} {Clip(f["subject"]!.GetValue<string>(), 60)}");
        }

        await PrintOrphanedSeatsAsync(client, summary, output, cancellationToken);

        var renewals = (await client.GetFromJsonAsync<JsonObject>($"renewals?withinDays={calendarDays}", cancellationToken))!["items"]!.AsArray();
        output.WriteLine();
        output.WriteLine(renewals.Count == 0 ? $"No renewal has its notice date in the next {calendarDays} days." : $"Renewals with a notice date in the next {calendarDays} days (or already passed)");
        foreach (var r in renewals)
        {
            var days = r!["daysToNotice"]!.GetValue<int>();
            output.WriteLine($"  {Clip($"{r["vendor"]} {r["name"]}", 36),-36} notice {r["noticeDate"]} ({(days < 0 ? $"passed {-days} days ago" : $"in {days} days")}), renews {r["renewalDate"]}; savings {Money(r["potentialSavings"], r["currency"]!.GetValue<string>())}");
        }
    }

    private static void PrintCard(ReceivedMessage message, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Teams card received by the demo webhook ({message.Bytes:N0} bytes, Adaptive Card {message.Body["attachments"]?[0]?["content"]?["version"]}):");
        foreach (var element in message.Body["attachments"]?[0]?["content"]?["body"] as JsonArray ?? [])
        {
            PrintElement(element, "  ", output);
        }

        output.WriteLine($"  (the whole card: GET {TeamsWebhookReceiver.Path} on the demo tenant)");
    }

    private static void PrintElement(JsonNode? element, string indent, TextWriter output)
    {
        switch (element?["type"]?.GetValue<string>())
        {
            case "TextBlock":
                output.WriteLine(indent + element["text"]!.GetValue<string>().Replace("**", string.Empty, StringComparison.Ordinal));
                break;
            case "FactSet":
                foreach (var fact in element["facts"]!.AsArray())
                {
                    output.WriteLine($"{indent}  {fact!["title"]}: {fact["value"]}");
                }

                break;
            case "Container":
                foreach (var item in element["items"]!.AsArray())
                {
                    PrintElement(item, indent + "  ", output);
                }

                break;
        }
    }

    private static string Money(JsonNode? amount, string currency) =>
        amount is null ? "-" : currency + " " + amount.GetValue<decimal>().ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(JsonNode? value) => value is null ? "-" : (value.GetValue<decimal>() * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
