using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.AssignLicense;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reclaim;
using Seatwise.Sources.Graph;

namespace Seatwise.Sources.Reclaim;

/// <summary>
/// Microsoft 365: removes a licence with <c>POST /users/{id}/assignLicense</c> (<c>removeLicenses</c> with the
/// SKU id, and <c>addLicenses: []</c>, which the API requires); undo assigns it again. The user's
/// <c>licenseAssignmentStates</c> are read first: a licence the user has only through a group is never touched
/// (removing it directly is refused by Graph and would come back anyway), the seat is skipped naming the group;
/// a licence no longer assigned is skipped. Needs <c>LicenseAssignment.ReadWrite.All</c>.
/// </summary>
public sealed class GraphLicenseWriter(GraphServiceClient client, GraphOptions options) : IReclaimWriter
{
    private Dictionary<string, Guid>? _skus;

    public string Source => SourceNames.Graph;

    public ReclaimRequest Describe(ReclaimItem item, string phase) =>
        new("POST", $"{options.BaseUrl.TrimEnd('/')}/users/{item.AccountId}/assignLicense", Body(item.ProductKey, phase));

    public async Task<ReclaimStep> ApplyAsync(ReclaimItem item, string phase, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var requests = new List<string>();
        try
        {
            var skus = await SkusAsync(requests, cancellationToken);
            if (!skus.TryGetValue(item.ProductKey, out var skuId))
            {
                return ReclaimSteps.Step(phase, ReclaimOutcomes.Skipped, $"The tenant no longer subscribes to {item.ProductKey}: there is no licence to act on.", now, requests);
            }

            requests.Add($"GET {options.BaseUrl.TrimEnd('/')}/users/{item.AccountId}?$select=id,licenseAssignmentStates");
            User? user;
            try
            {
                user = await client.Users[item.AccountId].GetAsync(r => r.QueryParameters.Select = ["id", "licenseAssignmentStates"], cancellationToken);
            }
            catch (ODataError ex) when (ex.ResponseStatusCode == 404)
            {
                return ReclaimSteps.Step(phase, ReclaimOutcomes.Skipped, "The user no longer exists in Entra: there is no licence to act on.", now, requests);
            }

            var states = (user?.LicenseAssignmentStates ?? []).Where(s => s.SkuId == skuId).ToList();
            var direct = states.Any(s => string.IsNullOrEmpty(s.AssignedByGroup));
            var groups = states.Select(s => s.AssignedByGroup).OfType<string>().Where(g => g.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (phase == ReclaimPhases.Execute && !direct)
            {
                return ReclaimSteps.Step(phase, ReclaimOutcomes.Skipped, groups.Count > 0
                    ? $"{item.ProductKey} is assigned through group {string.Join(", ", groups)}: remove the user from the group (or the licence from the group) instead; Seatwise never removes a group's licence from one user."
                    : $"{item.ProductKey} is no longer assigned to the user: nothing was sent.", now, requests);
            }

            if (phase == ReclaimPhases.Undo && states.Count > 0)
            {
                return ReclaimSteps.Step(phase, ReclaimOutcomes.Skipped, $"The user has {item.ProductKey} again{(direct ? string.Empty : " through a group")}: nothing was sent.", now, requests);
            }

            requests.Add(Describe(item, phase).ToString());
            await client.Users[item.AccountId].AssignLicense.PostAsync(new AssignLicensePostRequestBody
            {
                AddLicenses = phase == ReclaimPhases.Execute ? [] : [new AssignedLicense { SkuId = skuId, DisabledPlans = [] }],
                RemoveLicenses = phase == ReclaimPhases.Execute ? [skuId] : [],
            }, cancellationToken: cancellationToken);
            var detail = phase == ReclaimPhases.Undo ? $"{item.ProductKey} is assigned to the user again."
                : groups.Count > 0 ? $"The direct {item.ProductKey} assignment was removed; the user still has it through group {string.Join(", ", groups)}."
                : $"{item.ProductKey} was removed from the user.";
            return ReclaimSteps.Step(phase, ReclaimOutcomes.Done, detail, now, requests, "200 OK");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && GraphInventorySource.Describe(ex) is { } reason)
        {
            return ReclaimSteps.Step(phase, ReclaimOutcomes.Failed, reason, now, requests);
        }
    }

    /// <summary>SKU part numbers to ids, read once per writer (one batch of seats).</summary>
    private async Task<Dictionary<string, Guid>> SkusAsync(List<string> requests, CancellationToken cancellationToken)
    {
        if (_skus is not null)
        {
            return _skus;
        }

        requests.Add($"GET {options.BaseUrl.TrimEnd('/')}/subscribedSkus?$select=skuId,skuPartNumber");
        var page = await client.SubscribedSkus.GetAsync(r => r.QueryParameters.Select = ["skuId", "skuPartNumber"], cancellationToken);
        return _skus = (page?.Value ?? [])
            .Where(s => s.SkuId is not null && !string.IsNullOrEmpty(s.SkuPartNumber))
            .GroupBy(s => s.SkuPartNumber!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().SkuId!.Value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The body as the audit shows it: the SKU by part number, because the id is only known after the read.</summary>
    private static string Body(string productKey, string phase) => phase == ReclaimPhases.Execute
        ? ReclaimSteps.Body(new { addLicenses = Array.Empty<object>(), removeLicenses = new[] { $"<skuId of {productKey}>" } })
        : ReclaimSteps.Body(new { addLicenses = new[] { new { skuId = $"<skuId of {productKey}>", disabledPlans = Array.Empty<string>() } }, removeLicenses = Array.Empty<string>() });
}
