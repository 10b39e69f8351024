using System.Net;
using System.Text.Json.Serialization;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reclaim;
using Seatwise.Sources.GitHub;
using Seatwise.Sources.Vendors;

namespace Seatwise.Sources.Reclaim;

/// <summary>
/// GitHub Copilot: a reclaimed seat is cancelled with <c>DELETE /orgs/{org}/copilot/billing/selected_users</c>
/// (GitHub keeps it until the end of the billing cycle, then stops billing it); undo adds it back with
/// <c>POST</c> on the same path. Seats are recorded under the user's numeric id, so the login the API takes is read
/// first (<c>GET /user/{account_id}</c>). Both calls are idempotent on GitHub's side: a user without a seat gives
/// <c>seats_cancelled: 0</c>, which is recorded as skipped.
/// </summary>
public sealed class CopilotSeatWriter(HttpClient http, GitHubOptions options) : IReclaimWriter
{
    public string Source => SourceNames.GitHub;

    public ReclaimRequest Describe(ReclaimItem item, string phase) =>
        new(phase == ReclaimPhases.Execute ? "DELETE" : "POST", SeatsUrl(Api()), ReclaimSteps.Body(new { selected_usernames = new[] { Login(item) } }));

    public async Task<ReclaimStep> ApplyAsync(ReclaimItem item, string phase, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var api = Api();
        var requests = new List<string>();
        try
        {
            if (string.IsNullOrWhiteSpace(options.Organization))
            {
                return ReclaimSteps.Step(phase, ReclaimOutcomes.Failed, "Sources__github__Organization is not set: the organization whose Copilot seat this is is unknown.", now, requests);
            }

            var userUrl = api.Url("user/" + Uri.EscapeDataString(item.AccountId));
            requests.Add($"GET {userUrl}");
            string login;
            try
            {
                login = (await api.GetAsync<GitHubUser>(userUrl, cancellationToken)).Body.Login ?? string.Empty;
            }
            catch (SourceFailedException ex) when (ex.Status == HttpStatusCode.NotFound)
            {
                return ReclaimSteps.Step(phase, ReclaimOutcomes.Skipped, "The GitHub user no longer exists: there is no seat to act on.", now, requests);
            }

            var body = new { selected_usernames = new[] { login } };
            var url = SeatsUrl(api);
            if (phase == ReclaimPhases.Execute)
            {
                requests.Add($"DELETE {url} {ReclaimSteps.Body(body)}");
                var cancelled = (await api.SendJsonAsync<SeatsChanged>(HttpMethod.Delete, url, body, cancellationToken)).Body.SeatsCancelled;
                return cancelled > 0
                    ? ReclaimSteps.Step(phase, ReclaimOutcomes.Done, $"{login}'s Copilot seat is pending cancellation: GitHub stops billing it at the end of the billing cycle.", now, requests, $"seats_cancelled: {cancelled}")
                    : ReclaimSteps.Step(phase, ReclaimOutcomes.Skipped, $"{login} has no Copilot seat to cancel (already removed or pending cancellation).", now, requests, "seats_cancelled: 0");
            }

            requests.Add($"POST {url} {ReclaimSteps.Body(body)}");
            var created = (await api.SendJsonAsync<SeatsChanged>(HttpMethod.Post, url, body, cancellationToken)).Body.SeatsCreated;
            return created > 0
                ? ReclaimSteps.Step(phase, ReclaimOutcomes.Done, $"{login} has a Copilot seat again.", now, requests, $"seats_created: {created}")
                : ReclaimSteps.Step(phase, ReclaimOutcomes.Skipped, $"{login} already has a Copilot seat.", now, requests, "seats_created: 0");
        }
        catch (SourceFailedException ex)
        {
            return ReclaimSteps.Failed(phase, ex, now, requests);
        }
    }

    private VendorApi Api() => new(http, options, GitHubSource.Profile);

    private string SeatsUrl(VendorApi api) => api.Url($"orgs/{Uri.EscapeDataString(options.Organization ?? string.Empty)}/copilot/billing/selected_users");

    /// <summary>For the dry run, which calls nothing: the login is only known after <c>GET /user/{account_id}</c>.</summary>
    private static string Login(ReclaimItem item) => $"<login of GitHub user {item.AccountId}>";

    private sealed record GitHubUser([property: JsonPropertyName("login")] string? Login);

    private sealed record SeatsChanged(
        [property: JsonPropertyName("seats_cancelled")] int SeatsCancelled,
        [property: JsonPropertyName("seats_created")] int SeatsCreated);
}
