using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Seatwise.Core.Contracts;
using Seatwise.Core.Reclaim;
using Seatwise.Storage.Reclaim;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Tables;
using Seatwise.Workflows.Api;

namespace Seatwise.Workflows.Reclaim;

/// <summary>What the reclaim handlers use, resolved once per request by the route table.</summary>
public sealed record ReclaimServices(ReclaimRepository Plans, FindingRepository Findings, IEnumerable<IReclaimWriter> Writers, IReclaimNotifier Notifier, IOptions<ReclaimSettings> Settings, TimeProvider Clock, Tenants.TenantDirectory Tenants);

/// <summary>The body of <c>PATCH /api/reclaim-plans/{id}</c>: seats (finding ids) to leave out or to take back in.</summary>
public sealed record ReclaimPlanEdit(IReadOnlyList<string>? Exclude, IReadOnlyList<string>? Include, string? Reason);

/// <summary>
/// Reclaim plans over HTTP: create from a filter over the open savings findings, read (JSON or CSV), edit a
/// draft, approve with the approver key, and the audit trail. Approval fixes a plan: it never changes after.
/// </summary>
public static class ReclaimApi
{
    public const string ApproverKeyHeader = "x-seatwise-approver-key";

    /// <summary>Who the audit trail names: the key a request proved it holds (never the key itself).</summary>
    private const string ApiKeyActor = "api key";
    private const string ApproverActor = "approver key";

    private static readonly IReadOnlyList<string> CsvHeader =
        ["findingId", "type", "contractId", "source", "accountId", "identityKey", "subject", "productKey", "action", "adminUrl", "lastActivity", "annualCost", "currency", "status", "reason",
         "executionOutcome", "executionDetail", "executedAt", "undoOutcome", "undoDetail"];

    public static async Task<IResult> CreateReclaimPlan(ApiRequest request, ReclaimServices services)
    {
        var (filter, error) = await ApiInput.ReadJsonAsync<ReclaimFilter>(request.Http.Request, 16 * 1024, request.CancellationToken);
        if (error is not null)
        {
            return error;
        }

        var errors = new List<FieldError>();
        foreach (var type in filter!.Types ?? [])
        {
            if (!ReclaimPlanner.Types.Contains(type, StringComparer.Ordinal))
            {
                errors.Add(new FieldError("types", $"'{type}' cannot be reclaimed; use {string.Join(", ", ReclaimPlanner.Types)}."));
            }
        }

        if (filter.MinDaysInactive is < 0 or > 3650)
        {
            errors.Add(new FieldError("minDaysInactive", "must be between 0 and 3650."));
        }

        if (filter.ContractId is { Length: > 200 })
        {
            errors.Add(new FieldError("contractId", "is longer than 200 characters."));
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid("The reclaim filter is not valid; see errors.", errors);
        }

        var now = services.Clock.GetUtcNow();
        var ledger = await services.Findings.ListAllAsync(request.Tenant, request.CancellationToken);
        var kept = await services.Plans.ListKeepsAsync(request.Tenant, request.CancellationToken);
        var plan = ReclaimPlanner.Build(request.Tenant, ledger.Select(s => s.Entry), filter with { Types = filter.Types ?? [] }, services.Settings.Value.ToRules(), now, kept);
        if (plan.Items.Count == 0)
        {
            return Problems.Invalid("No open savings finding matches the filter; nothing to plan.", [new FieldError("filter", "selects no open inactive-seat, disabled-seat, orphaned-seat or redundant-license finding.")]);
        }

        var etag = await services.Plans.CreateAsync(request.Tenant, plan, request.CancellationToken);
        await services.Plans.AppendAuditAsync(request.Tenant, plan.Id, new ReclaimAuditEvent(now, "created", ApiKeyActor,
            $"{plan.PlannedSeats} seats planned, {plan.ExcludedSeats} excluded; savings {Money(plan)}"), request.CancellationToken);
        request.Http.Response.Headers.Location = $"{request.PathBase}/{ApiPaths.ReclaimPlans}/{plan.Id}";
        return request.WithETag(etag, Results.Json(plan, ApiInput.Json, statusCode: StatusCodes.Status201Created));
    }

    public static async Task<IResult> ListReclaimPlans(ApiRequest request, ReclaimServices services)
    {
        var now = services.Clock.GetUtcNow();
        var plans = await services.Plans.ListAsync(request.Tenant, request.CancellationToken);
        return Results.Json(new { items = plans.Select(p => View(p.Plan, now) with { Items = [] }) }, ApiInput.Json);
    }

    public static async Task<IResult> GetReclaimPlan(ApiRequest request, ReclaimServices services)
    {
        if (ApiInput.CheckFormat(request.Http.Request) is { } formatError)
        {
            return formatError;
        }

        if (await FindAsync(request, services) is not { } stored)
        {
            return NotFound(request);
        }

        if (ApiInput.WantsCsv(request.Http.Request))
        {
            return new CsvStream($"{stored.Plan.Id}.csv", CsvHeader, stored.Plan.Items.Select(Cells).ToAsyncEnumerable());
        }

        return request.WithETag(stored.ETag, Results.Json(View(stored.Plan, services.Clock.GetUtcNow()), ApiInput.Json));
    }

    public static async Task<IResult> UpdateReclaimPlan(ApiRequest request, ReclaimServices services)
    {
        var ifMatch = request.Http.Request.Headers.IfMatch.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return Problems.PreconditionRequired("Send If-Match with the plan's ETag (from GET /api/reclaim-plans/{id}).");
        }

        var (edit, error) = await ApiInput.ReadJsonAsync<ReclaimPlanEdit>(request.Http.Request, 64 * 1024, request.CancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (await FindAsync(request, services) is not { } stored)
        {
            return NotFound(request);
        }

        var now = services.Clock.GetUtcNow();
        if (Unchangeable(stored.Plan, now) is { } conflict)
        {
            return conflict;
        }

        var exclude = (edit!.Exclude ?? []).ToHashSet(StringComparer.Ordinal);
        var include = (edit.Include ?? []).ToHashSet(StringComparer.Ordinal);
        var known = stored.Plan.Items.Select(i => i.FindingId).ToHashSet(StringComparer.Ordinal);
        var errors = exclude.Where(id => !known.Contains(id)).Select(id => new FieldError("exclude", $"'{id}' is not a seat of this plan."))
            .Concat(include.Where(id => !known.Contains(id)).Select(id => new FieldError("include", $"'{id}' is not a seat of this plan.")))
            .Concat(exclude.Intersect(include).Select(id => new FieldError("include", $"'{id}' is also in exclude.")))
            .ToList();
        if (edit.Reason is { Length: > 500 })
        {
            errors.Add(new FieldError("reason", "must be at most 500 characters."));
        }

        var edited = ReclaimPlanner.Edit(stored.Plan, exclude, include, edit.Reason);
        var changed = ReclaimRepository.ChangedSeats(stored.Plan, edited).Count;
        if (changed > ReclaimRepository.MaxEditedSeats)
        {
            errors.Add(new FieldError("exclude", $"changes {changed} seats; at most {ReclaimRepository.MaxEditedSeats} per request."));
        }

        var cap = services.Settings.Value.MaxSeatsPerPlan;
        if (edited.PlannedSeats > cap)
        {
            errors.Add(new FieldError("include", $"would plan {edited.PlannedSeats} seats; a plan acts on at most {cap} (Reclaim__MaxSeatsPerPlan)."));
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid("The change is not valid; see errors.", errors);
        }

        var (outcome, etag) = await services.Plans.ReplaceAsync(request.Tenant, stored.Plan, edited, ifMatch, request.CancellationToken);
        if (outcome != WriteOutcome.Done)
        {
            return Changed(request, outcome);
        }

        await services.Plans.AppendAuditAsync(request.Tenant, edited.Id, new ReclaimAuditEvent(now, "edited", ApiKeyActor,
            $"excluded {string.Join(",", exclude.Order(StringComparer.Ordinal))}; included {string.Join(",", include.Order(StringComparer.Ordinal))}; reason {edit.Reason ?? "none"}; {edited.PlannedSeats} seats planned"), request.CancellationToken);
        return request.WithETag(etag, Results.Json(View(edited, now), ApiInput.Json));
    }

    public static async Task<IResult> ApproveReclaimPlan(ApiRequest request, ReclaimServices services)
    {
        var now = services.Clock.GetUtcNow();
        if (await RefuseWithoutApproverKeyAsync(request, services, "approving", now) is { } refused)
        {
            return refused;
        }

        var ifMatch = request.Http.Request.Headers.IfMatch.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return Problems.PreconditionRequired("Send If-Match with the ETag of the plan you reviewed, so that you approve exactly that plan.");
        }

        if (await FindAsync(request, services) is not { } stored)
        {
            return NotFound(request);
        }

        if (Unchangeable(stored.Plan, now) is { } conflict)
        {
            return conflict;
        }

        if (stored.Plan.PlannedSeats == 0)
        {
            return Problems.Invalid("The plan acts on no seat; there is nothing to approve.", [new FieldError("items", "every seat is excluded.")]);
        }

        var approved = stored.Plan with { Status = ReclaimPlanStatus.Approved, ApprovedAt = now };
        var (outcome, etag) = await services.Plans.ReplaceAsync(request.Tenant, stored.Plan, approved, ifMatch, request.CancellationToken);
        if (outcome != WriteOutcome.Done)
        {
            return Changed(request, outcome);
        }

        await services.Plans.AppendAuditAsync(request.Tenant, approved.Id, new ReclaimAuditEvent(now, "approved", ApproverActor,
            $"{approved.PlannedSeats} seats; savings {Money(approved)}; ETag {ifMatch}"), request.CancellationToken);
        return request.WithETag(etag, Results.Json(View(approved, now), ApiInput.Json));
    }

    /// <summary>
    /// <c>POST /api/reclaim-plans/{id}/execute</c>: acts on an approved plan's seats (202, the plan shows progress),
    /// or with <c>?dryRun=true</c> lists the write requests it would send and calls nothing (200).
    /// </summary>
    public static Task<IResult> ExecuteReclaimPlan(ApiRequest request, ReclaimServices services) => StartPhaseAsync(request, services, ReclaimPhases.Execute);

    /// <summary><c>POST /api/reclaim-plans/{id}/undo</c>: gives back what an execution removed, within the undo window.</summary>
    public static Task<IResult> UndoReclaimPlan(ApiRequest request, ReclaimServices services) => StartPhaseAsync(request, services, ReclaimPhases.Undo);

    private static async Task<IResult> StartPhaseAsync(ApiRequest request, ReclaimServices services, string phase)
    {
        var now = services.Clock.GetUtcNow();
        var dryRunText = request.Http.Request.Query["dryRun"].FirstOrDefault();
        var dryRun = false;
        if (dryRunText is not null && !bool.TryParse(dryRunText, out dryRun))
        {
            return Problems.Invalid("dryRun must be true or false.", [new FieldError("dryRun", $"'{dryRunText}' is not true or false.")]);
        }

        var verb = phase == ReclaimPhases.Execute ? "executing" : "undoing";
        if (await RefuseWithoutApproverKeyAsync(request, services, verb, now) is { } refused)
        {
            return refused;
        }

        if (!services.Tenants.IsDefault(request.Tenant))
        {
            return Problems.Conflict(NotForRegistryTenants);
        }

        if (await FindAsync(request, services) is not { } stored)
        {
            return NotFound(request);
        }

        var plan = stored.Plan;
        var settings = services.Settings.Value;
        if (ReclaimLifecycle.WhyNot(plan, phase, settings.ToRules(), now) is { } why)
        {
            return Problems.Conflict(why);
        }

        var targets = ReclaimLifecycle.Targets(plan, phase).ToList();
        if (dryRun)
        {
            var byWriter = services.Writers.ToDictionary(w => w.Source, StringComparer.Ordinal);
            return Results.Json(new
            {
                planId = plan.Id,
                phase,
                dryRun = true,
                enabled = settings.Enabled,
                requests = targets.Select(t => new
                {
                    t.Item.FindingId,
                    t.Item.Subject,
                    t.Item.Source,
                    t.Item.ProductKey,
                    t.Item.Action,
                    request = byWriter.TryGetValue(t.Item.Source, out var writer) ? writer.Describe(t.Item, phase) : null,
                }),
            }, ApiInput.Json);
        }

        if (!settings.Enabled)
        {
            return Problems.Conflict("Reclaim is switched off (Reclaim__Enabled is false): nothing is written to a vendor. Switch it on, and grant the write permissions docs/reclaim.md lists, to execute or undo a plan; ?dryRun=true shows the requests meanwhile.");
        }

        if (phase == ReclaimPhases.Execute && settings.NoticeDays > 0 && !services.Notifier.IsConfigured)
        {
            return Problems.Conflict("Reclaim__NoticeDays asks for a notice to every seat holder, but Reclaim__NoticeMailbox (the mailbox notices are sent from) is not set. Set it, or set Reclaim__NoticeDays to 0 to act without notice.");
        }

        var instanceId = ReclaimOrchestration.InstanceId(request.Tenant, plan.Id, phase);
        var http = request.Http.Request;
        var keepBaseUrl = $"{http.Scheme}://{http.Host}{http.PathBase}";
        var started = await request.Port.StartAsync(nameof(ReclaimOrchestration), instanceId, new ReclaimPhaseInput(request.Tenant, plan.Id, phase, ApproverActor, keepBaseUrl), request.CancellationToken);
        if (started)
        {
            await services.Plans.AppendAuditAsync(request.Tenant, plan.Id, new ReclaimAuditEvent(now, phase + "-requested", ApproverActor,
                $"{targets.Count} seats; orchestration {instanceId}"), request.CancellationToken);
        }

        request.Http.Response.Headers.Location = $"{request.PathBase}/{ApiPaths.ReclaimPlans}/{plan.Id}";
        return Results.Json(new { planId = plan.Id, phase, instanceId, started, seats = targets.Count }, ApiInput.Json, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// <c>GET /api/reclaim-keep?plan=&amp;seat=&amp;expires=&amp;sig=</c>: the link in a notice. Anonymous (the holder
    /// has no key): the signature over plan, seat and expiry is the authorisation. Keeps the seat out of this
    /// execution and of plans for <c>Reclaim__KeepDays</c>, and answers with a page the holder can read.
    /// </summary>
    public static async Task<IResult> KeepReclaimSeat(ApiRequest request, ReclaimServices services)
    {
        var query = request.Http.Request.Query;
        var planId = query["plan"].FirstOrDefault() ?? string.Empty;
        var sig = query["sig"].FirstOrDefault() ?? string.Empty;
        var errors = new List<FieldError>();
        if (!IsPlanId(planId))
        {
            errors.Add(new FieldError("plan", "is not a reclaim plan id."));
        }

        if (!int.TryParse(query["seat"].FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            errors.Add(new FieldError("seat", "is not a seat number."));
        }

        if (!long.TryParse(query["expires"].FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var expiresSeconds) || expiresSeconds > 253_402_300_799)
        {
            errors.Add(new FieldError("expires", "is not a time."));
        }

        if (sig.Length != 64)
        {
            errors.Add(new FieldError("sig", "is not a signature."));
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid("This keep link is incomplete; open the link from the notice as it was sent.", errors);
        }

        var signingKey = services.Settings.Value.ApproverKey ?? string.Empty;
        var expires = DateTimeOffset.FromUnixTimeSeconds(expiresSeconds);
        if (signingKey.Length == 0 || !KeepLink.IsValid(signingKey, planId, index, expires, sig))
        {
            return Problems.Forbidden("This keep link is not valid (altered, or the approver key changed since it was sent).");
        }

        var now = services.Clock.GetUtcNow();
        if (now >= expires)
        {
            return Problems.Gone("The notice period is over and the seat was acted on; ask your IT team to give it back (undo).");
        }

        if (await services.Plans.GetAsync(request.Tenant, planId, request.CancellationToken) is not { } stored || index >= stored.Plan.Items.Count)
        {
            return Problems.NotFound("This keep link names a plan or seat that no longer exists.");
        }

        var item = stored.Plan.Items[index];
        if (item.Execution is not null)
        {
            return Problems.Conflict("The seat was already acted on; ask your IT team to give it back (undo).");
        }

        var rules = services.Settings.Value.ToRules();
        if (item.Kept is null)
        {
            await services.Plans.SaveStepAsync(request.Tenant, planId, index, new ReclaimStep
            {
                Phase = ReclaimPhases.Keep, Outcome = ReclaimOutcomes.Done, Detail = "Its holder followed the keep link.", At = now,
            }, request.CancellationToken);
            await services.Plans.SaveKeepAsync(request.Tenant, new ReclaimKeep(item.Source, item.IdentityKey, item.ProductKey, now + rules.KeepPeriod, planId), request.CancellationToken);
            await services.Plans.AppendAuditAsync(request.Tenant, planId, new ReclaimAuditEvent(now, "kept", "seat holder (keep link)",
                $"{item.Subject} ({item.Source} {item.ProductKey}, finding {item.FindingId}): kept; out of plans until {CsvStream.Text(now + rules.KeepPeriod)}"), request.CancellationToken);
        }

        var product = System.Net.WebUtility.HtmlEncode(item.ProductKey);
        return Results.Content($"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Licence kept</title><body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\">" +
            $"<h1>Your {product} licence stays</h1><p>Thank you. It will not be removed, and it is left alone for {rules.KeepPeriod.TotalDays:0} days.</p></body></html>",
            "text/html; charset=utf-8");
    }

    public static async Task<IResult> GetReclaimPlanAudit(ApiRequest request, ReclaimServices services)
    {
        if (ApiInput.CheckFormat(request.Http.Request) is { } formatError)
        {
            return formatError;
        }

        if (await FindAsync(request, services) is not { } stored)
        {
            return NotFound(request);
        }

        var events = await services.Plans.ListAuditAsync(request.Tenant, stored.Plan.Id, request.CancellationToken);
        if (ApiInput.WantsCsv(request.Http.Request))
        {
            return new CsvStream($"{stored.Plan.Id}-audit.csv", ["at", "event", "actor", "detail"],
                events.Select(e => (IEnumerable<string?>)[CsvStream.Text(e.At), e.Event, e.Actor, e.Detail]).ToAsyncEnumerable());
        }

        return Results.Json(new { planId = stored.Plan.Id, items = events }, ApiInput.Json);
    }

    /// <summary>The approver key check every state change past a draft takes; a refusal is itself audited.</summary>
    /// <summary>
    /// Why a registry tenant's plan is not executed: the writers act with the deployment's Graph identity and vendor
    /// tokens, which are the default tenant's; a plan of another tenant can be made, edited and approved, and its
    /// seats reclaimed in that tenant's own consoles.
    /// </summary>
    public const string NotForRegistryTenants =
        "Reclaim executes for the default tenant only: its writers act with the default tenant's Graph identity and vendor tokens. " +
        "Plan and approve here, and give the seats back in this tenant's own admin consoles (the plan's CSV lists them).";

    private static async Task<IResult?> RefuseWithoutApproverKeyAsync(ApiRequest request, ReclaimServices services, string doing, DateTimeOffset now)
    {
        var configured = services.Settings.Value.ApproverKey;
        var sent = request.Http.Request.Headers[ApproverKeyHeader].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(configured) || configured.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Forbidden($"{Capitalised(doing)} a plan is not set up: set Reclaim__ApproverKey (a secret apart from the API key) and send it as {ApproverKeyHeader}.");
        }

        if (!string.IsNullOrEmpty(sent) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(configured)))
        {
            return null;
        }

        if (await FindAsync(request, services) is { } refused)
        {
            await services.Plans.AppendAuditAsync(request.Tenant, refused.Plan.Id, new ReclaimAuditEvent(now, doing == "approving" ? "approval-refused" : doing + "-refused", "no approver key",
                string.IsNullOrEmpty(sent) ? $"no {ApproverKeyHeader} header" : "the approver key did not match"), request.CancellationToken);
        }

        return Problems.Forbidden($"{Capitalised(doing)} a plan takes the approver key in {ApproverKeyHeader}; the API key alone may not.");
    }

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>A plan as the API shows it: an expired draft says so.</summary>
    private static ReclaimPlan View(ReclaimPlan plan, DateTimeOffset now) => plan.IsExpired(now) ? plan with { Status = "expired" } : plan;

    private static IResult? Unchangeable(ReclaimPlan plan, DateTimeOffset now) =>
        plan.Status == ReclaimPlanStatus.Approved ? Problems.Conflict($"Plan '{plan.Id}' is approved: an approved plan never changes. Create a new plan instead.")
        : plan.IsExpired(now) ? Problems.Conflict($"Plan '{plan.Id}' expired at {CsvStream.Text(plan.ExpiresAt)} without approval (Reclaim__PlanLifetimeDays). Create a new plan: the findings may have changed.")
        : null;

    private static async Task<StoredReclaimPlan?> FindAsync(ApiRequest request, ReclaimServices services)
    {
        var id = request.Route("id") ?? string.Empty;
        return IsPlanId(id) ? await services.Plans.GetAsync(request.Tenant, id, request.CancellationToken) : null;
    }

    /// <summary>Plan ids are <c>rp-yyyyMMddTHHmmss-hex</c>; anything else cannot be one (nor a valid table key).</summary>
    private static bool IsPlanId(string id) => id.Length is > 3 and < 64 && id.StartsWith("rp-", StringComparison.Ordinal) && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static IResult NotFound(ApiRequest request) => Problems.NotFound($"There is no reclaim plan '{request.Route("id")}'.");

    private static IResult Changed(ApiRequest request, WriteOutcome outcome) => outcome == WriteOutcome.NotFound
        ? NotFound(request)
        : Problems.PreconditionFailed($"Plan '{request.Route("id")}' changed since you read it; GET it again and review it with its new ETag.");

    private static string Money(ReclaimPlan plan) =>
        plan.Savings.Count == 0 ? "none" : string.Join(" + ", plan.Savings.Select(s => $"{s.Key} {CsvStream.Text(s.Value)}"));

    private static IEnumerable<string?> Cells(ReclaimItem i) =>
    [
        i.FindingId, i.Type, i.ContractId, i.Source, i.AccountId, i.IdentityKey, i.Subject, i.ProductKey, i.Action, i.AdminUrl,
        CsvStream.Text(i.LastActivity), CsvStream.Text(i.AnnualCost), i.Currency, i.Status, i.Reason,
        i.Execution?.Outcome, i.Execution?.Detail, CsvStream.Text(i.Execution?.At), i.Undo?.Outcome, i.Undo?.Detail,
    ];
}
