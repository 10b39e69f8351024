using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reconciliation;
using Seatwise.Core.Usage;
using CoreApp = Seatwise.Core.Inventory.App;

namespace Seatwise.Sources.Graph;

/// <summary>
/// The <c>graph</c> source: subscribed SKUs, users with licences and sign-in activity, enterprise apps and
/// subscriptions, streamed page by page into the snapshot. It makes
/// <c>ceil(users/120) + ceil(servicePrincipals/999) + 1</c> requests (+1 for subscriptions) and no per-user calls.
/// </summary>
public sealed class GraphInventorySource(GraphServiceClient client, GraphOptions options, IdentityKeys identityKeys) : IInventorySource
{
    public const string SourceName = SourceNames.Graph;
    public const string NoPremiumCode = "Authentication_RequestFromNonPremiumTenantOrB2CTenant";
    private const string IntegratedAppTag = "WindowsAzureActiveDirectoryIntegratedApp";
    private const int PageSize = 999;

    /// <summary>The usage reports' period: the longest Graph offers, so 180 days without use is evidence.</summary>
    private const string ReportPeriod = "D180";

    private static readonly IReadOnlySet<string> NoWorkloads = new HashSet<string>();

    private static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping = new() { ["XXX"] = ODataError.CreateFromDiscriminatorValue };

    private static readonly string[] UserFields = ["id", "userPrincipalName", "mail", "displayName", "accountEnabled", "createdDateTime", "userType", "assignedLicenses", "licenseAssignmentStates", "proxyAddresses", "otherMails"];

    /// <summary>Shared addresses named one by one in the run's warnings; the rest are counted.</summary>
    private const int SharedKeysNamed = 10;

    public string Name => SourceName;

    public async Task<SourceResult> CollectAsync(ISnapshotWriter writer, CancellationToken cancellationToken)
    {
        var requests = 0;
        var warnings = new List<string>();
        try
        {
            // 1. Products: one request.
            var skus = await client.SubscribedSkus.GetAsync(r => r.QueryParameters.Select = ["skuId", "skuPartNumber", "prepaidUnits", "consumedUnits", "servicePlans", "capabilityStatus"], cancellationToken);
            requests++;
            var skuKeys = new Dictionary<Guid, string>();
            var workloads = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
            foreach (var sku in skus?.Value ?? [])
            {
                if (sku.SkuId is not { } id || sku.SkuPartNumber is not { } key)
                {
                    continue;
                }

                skuKeys[id] = key;
                var plans = (sku.ServicePlans ?? []).Select(p => p.ServicePlanName).OfType<string>().ToList();
                workloads[key] = Workloads.Of(plans);
                await writer.WriteAsync(SnapshotParts.Products, new Product(SourceName, key, key, sku.PrepaidUnits?.Enabled, sku.ConsumedUnits, plans), cancellationToken);
            }

            // Usage reports: four requests per run (two reports, each answered by a redirect to its CSV), no per-user calls.
            var (report, part, reportRequests) = options.UsageReports
                ? await ReadUsageReportsAsync(cancellationToken)
                : (new UsageReport(), new SourcePart(SourcePart.M365Usage, SourcePart.Skipped, "Graph__UsageReports is false"), 0);
            requests += reportRequests;
            var reportRead = report.HasOffice || report.HasCopilot;

            // 2. Users with licences and sign-in activity, page by page (120 per page with signInActivity).
            var activityKnown = true;
            UserCollectionResponse? firstPage;
            try
            {
                firstPage = await UsersPageAsync(withSignIn: true, cancellationToken);
                requests++;
            }
            catch (ODataError ex) when (ex.Error?.Code == NoPremiumCode)
            {
                requests++;
                activityKnown = false;
                warnings.Add(reportRead
                    ? "The tenant has no Entra ID P1/P2, so Graph gives no sign-in activity: the Microsoft 365 usage reports judge Microsoft seats; seats of people the reports do not list, and products the reports do not cover, are 'unknown'."
                    : "The tenant has no Entra ID P1/P2, so Graph gives no sign-in activity: seats are counted as 'unknown', and no inactive-seat findings are raised.");
                firstPage = await UsersPageAsync(withSignIn: false, cancellationToken);
                requests++;
            }

            int accounts = 0, seats = 0, unknownSkus = 0;
            // Built here only to find the addresses two accounts claim, which the join at reconciliation sets aside.
            var directory = new EntraDirectory();
            var iterator = PageIterator<User, UserCollectionResponse>.CreatePageIterator(client, firstPage!, async user =>
            {
                var account = ToAccount(user);
                directory.Add(account);
                var assigned = new List<SeatAssignment>();
                foreach (var license in user.AssignedLicenses ?? [])
                {
                    if (license.SkuId is not { } skuId)
                    {
                        continue;
                    }

                    if (!skuKeys.TryGetValue(skuId, out var key))
                    {
                        key = skuId.ToString();
                        unknownSkus++;
                    }

                    var seat = new SeatAssignment(key) { AssignedByGroup = OnlyThroughGroups(user, skuId) };
                    assigned.Add(reportRead ? report.Judge(account, seat, workloads.GetValueOrDefault(key) ?? NoWorkloads, activityKnown) : seat);
                }

                await writer.WriteAsync(SnapshotParts.Seats, new AccountSeats(account, assigned), cancellationToken);
                accounts++;
                seats += assigned.Count;
                return true;
            }, request =>
            {
                requests++;
                return request;
            });
            await iterator.IterateAsync(cancellationToken);
            foreach (var key in directory.SharedKeys.Take(SharedKeysNamed))
            {
                warnings.Add($"'{key}' is an address of more than one Entra account (UPN, mail, proxyAddresses or otherMails): vendor seats under it are joined to none of them, never reported as a leaver's");
            }

            if (directory.SharedKeys.Count > SharedKeysNamed)
            {
                warnings.Add($"...and {directory.SharedKeys.Count - SharedKeysNamed} more addresses claimed by more than one Entra account");
            }

            if (unknownSkus > 0)
            {
                warnings.Add($"{unknownSkus} assigned licence(s) name a SKU that subscribedSkus does not list; they are kept under the SKU id.");
            }

            // 3. Enterprise apps: service principals tagged as integrated apps.
            var apps = 0;
            var spPage = await client.ServicePrincipals.GetAsync(r =>
            {
                r.QueryParameters.Select = ["id", "appId", "displayName", "publisherName", "accountEnabled", "tags", "appOwnerOrganizationId"];
                r.QueryParameters.Top = PageSize;
            }, cancellationToken);
            requests++;
            var spIterator = PageIterator<ServicePrincipal, ServicePrincipalCollectionResponse>.CreatePageIterator(client, spPage!, async sp =>
            {
                if (sp.Tags?.Contains(IntegratedAppTag) == true && sp.AppId is { } appId)
                {
                    await writer.WriteAsync(SnapshotParts.Apps, new CoreApp(appId, sp.DisplayName ?? appId, PublisherName(sp), sp.AccountEnabled ?? true,
                        OwnerOrganizationId: sp.AppOwnerOrganizationId?.ToString()), cancellationToken);
                    apps++;
                }

                return true;
            }, request =>
            {
                requests++;
                return request;
            });
            await spIterator.IterateAsync(cancellationToken);

            // 4. Subscriptions (optional): next lifecycle dates.
            if (options.IncludeSubscriptions)
            {
                var subscriptions = await client.Directory.Subscriptions.GetAsync(cancellationToken: cancellationToken);
                requests++;
                foreach (var s in subscriptions?.Value ?? [])
                {
                    await writer.WriteAsync(SnapshotParts.Subscriptions, new SubscriptionInfo(s.SkuPartNumber ?? s.SkuId ?? "?", s.Status ?? "unknown", s.TotalLicenses ?? 0, s.NextLifecycleDateTime), cancellationToken);
                }
            }

            // Without sign-in activity the reports still judge the seats they cover (each other seat says it is unknown).
            writer.SetProperty("activityKnown", activityKnown || reportRead ? "true" : "false");
            return new SourceResult
            {
                Source = SourceName,
                Accounts = accounts,
                Seats = seats,
                Products = skuKeys.Count,
                Apps = apps,
                ActivityKnown = activityKnown || reportRead,
                Parts = [part],
                Requests = requests,
                Warnings = warnings,
            };
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Describe(ex) is { } reason)
        {
            throw new SourceFailedException(SourceName, WithConsentHint(reason, ex), ex);
        }
    }

    /// <summary>
    /// A registry tenant whose admin never consented (or revoked consent) is refused a token or answered 401/403:
    /// the reason then says where consent is given, since running a script in our own tenant cannot fix it.
    /// </summary>
    private string WithConsentHint(string reason, Exception ex) =>
        options.ConsentUrl is { } url && ex is Azure.Identity.AuthenticationFailedException or ODataError { ResponseStatusCode: 401 or 403 } or ApiException { ResponseStatusCode: 401 or 403 }
            ? $"{reason}. The Seatwise app has no admin consent in this tenant: a Global Administrator of the tenant opens {url} and accepts, then the next run reads it."
            : reason;

    /// <summary>
    /// The active-user report (v1.0) and the Copilot usage report (beta, the only version Microsoft serves), both for
    /// the last 180 days as CSV. Either can be missing without failing the source: without <c>Reports.Read.All</c>
    /// (403) the part is skipped naming the permission; a concealed-names tenant fails the part with the setting to
    /// change; sign-in activity then judges as before.
    /// </summary>
    private async Task<(UsageReport Report, SourcePart Part, int Requests)> ReadUsageReportsAsync(CancellationToken cancellationToken)
    {
        var report = new UsageReport();
        var requests = 1;
        try
        {
            await using (var office = await client.Reports.GetOffice365ActiveUserDetailWithPeriod(ReportPeriod).GetAsync(cancellationToken: cancellationToken))
            {
                using var reader = new StreamReader(office ?? Stream.Null);
                UsageReportCsv.ReadOffice(reader, identityKeys, report);
            }

            requests++;
            var copilot = new RequestInformation { HttpMethod = Method.GET, URI = new Uri(BetaUrl($"copilot/reports/getMicrosoft365CopilotUsageUserDetail(period='{ReportPeriod}')?$format=text/csv")) };
            await using (var stream = await client.RequestAdapter.SendPrimitiveAsync<Stream>(copilot, ErrorMapping, cancellationToken))
            {
                using var reader = new StreamReader(stream ?? Stream.Null);
                UsageReportCsv.ReadCopilot(reader, identityKeys, report);
            }

            return (report, new SourcePart(SourcePart.M365Usage, SourcePart.Ok), requests);
        }
        catch (ODataError ex) when (ex.ResponseStatusCode == 403)
        {
            return (new UsageReport(), new SourcePart(SourcePart.M365Usage, SourcePart.Skipped,
                $"Graph refused the usage reports (403 {ex.Error?.Code}): grant Reports.Read.All (infra/scripts/grant-graph-permissions.sh); sign-in activity alone judges Microsoft seats meanwhile"), requests);
        }
        catch (UsageReportException ex)
        {
            return (new UsageReport(), new SourcePart(SourcePart.M365Usage, SourcePart.Failed, ex.Message), requests);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (Describe(ex) is not null || ex is Seatwise.Core.Csv.CsvFormatException))
        {
            // A report that cannot be read is no reason to lose the users: the part fails, the source goes on.
            var reason = Describe(ex) ?? ex.Message;
            return (new UsageReport(), new SourcePart(SourcePart.M365Usage, SourcePart.Failed, $"the usage reports could not be read ({reason}); sign-in activity alone judges Microsoft seats"), requests);
        }
    }

    /// <summary>The beta endpoint beside the configured v1.0 base URL (national clouds keep their host).</summary>
    private string BetaUrl(string path)
    {
        var root = client.RequestAdapter.BaseUrl!.TrimEnd('/');
        root = root.EndsWith("/v1.0", StringComparison.Ordinal) ? root[..^5] : root;
        return $"{root}/beta/{path}";
    }

    private Task<UserCollectionResponse?> UsersPageAsync(bool withSignIn, CancellationToken cancellationToken) =>
        client.Users.GetAsync(r =>
        {
            r.QueryParameters.Select = withSignIn ? [.. UserFields, "signInActivity"] : UserFields;
            r.QueryParameters.Top = PageSize;
        }, cancellationToken);

    private Account ToAccount(User user)
    {
        var upn = user.UserPrincipalName ?? user.Mail ?? user.Id ?? string.Empty;
        // Guests' UPNs are rewritten (#EXT#); their mail is what other systems know them by.
        var key = identityKeys.Normalize(user.UserType == "Guest" && user.Mail is { Length: > 0 } mail ? mail : upn);
        // Every address the person is known by joins their vendor seats: mail (may differ from the UPN, and keeps the
        // old name after a rename), the SMTP proxy addresses (aliases, other domains) and otherMails.
        // A guest's rewritten UPN (#EXT#) is no address anyone else knows.
        IEnumerable<string?> addresses = [user.UserType == "Guest" ? null : upn, user.Mail, .. (user.ProxyAddresses ?? []).Select(IdentityKeys.SmtpAddress), .. user.OtherMails ?? []];
        return new Account
        {
            Source = SourceName,
            AccountId = user.Id ?? upn,
            IdentityKey = key,
            OtherIdentityKeys = identityKeys.Others(key, addresses),
            DisplayName = user.DisplayName,
            Enabled = user.AccountEnabled ?? true,
            CreatedAt = user.CreatedDateTime,
            UserType = user.UserType,
            LastSuccessfulSignInAt = user.SignInActivity?.LastSuccessfulSignInDateTime,
            LastSignInAt = user.SignInActivity?.LastSignInDateTime,
            LastNonInteractiveSignInAt = user.SignInActivity?.LastNonInteractiveSignInDateTime,
        };
    }

    /// <summary>The groups a licence comes from when the user holds it through groups only; null when any assignment is direct.</summary>
    private static string? OnlyThroughGroups(User user, Guid skuId)
    {
        var states = (user.LicenseAssignmentStates ?? []).Where(s => s.SkuId == skuId).ToList();
        return states.Count == 0 || states.Any(s => string.IsNullOrEmpty(s.AssignedByGroup))
            ? null
            : string.Join(";", states.Select(s => s.AssignedByGroup).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase));
    }

    // The v1.0 SDK model has no publisherName property although Graph returns it; it lands in AdditionalData.
    private static string? PublisherName(ServicePrincipal sp) =>
        sp.VerifiedPublisher?.DisplayName ?? (sp.AdditionalData.TryGetValue("publisherName", out var value) ? value?.ToString() : null);

    /// <summary>A reason an admin can act on, for the failures a source reports instead of throwing them raw.</summary>
    public static string? Describe(Exception ex) => ex switch
    {
        SourceFailedException => null,
        ODataError o => $"Graph answered {o.ResponseStatusCode} {o.Error?.Code}: {o.Error?.Message}{Hint(o.ResponseStatusCode)}",
        AggregateException { InnerExceptions.Count: > 0 } a => Describe(a.InnerExceptions[^1]) is { } inner ? $"{inner} (after retries)" : null,
        ApiException api => $"Graph answered {api.ResponseStatusCode}{Hint(api.ResponseStatusCode)}",
        HttpRequestException http => $"Graph could not be reached: {http.Message}",
        TaskCanceledException or TimeoutException => "Graph did not answer in time.",
        Azure.Identity.AuthenticationFailedException auth => $"no token for Graph: {auth.Message}",
        _ => null,
    };

    private static string Hint(int status) => status switch
    {
        401 => " (the token was refused: check Graph__Authentication and the identity)",
        403 => " (missing Graph permission: run infra/scripts/grant-graph-permissions.sh)",
        429 => " (throttled beyond the retry budget)",
        >= 500 => " (Graph is unavailable; the next run will try again)",
        _ => string.Empty,
    };
}
