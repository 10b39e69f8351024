using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reconciliation;
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

    private static readonly string[] UserFields = ["id", "userPrincipalName", "mail", "displayName", "accountEnabled", "createdDateTime", "userType", "assignedLicenses", "proxyAddresses", "otherMails"];

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
            foreach (var sku in skus?.Value ?? [])
            {
                if (sku.SkuId is not { } id || sku.SkuPartNumber is not { } key)
                {
                    continue;
                }

                skuKeys[id] = key;
                await writer.WriteAsync(SnapshotParts.Products, new Product(SourceName, key, key, sku.PrepaidUnits?.Enabled, sku.ConsumedUnits,
                    [.. (sku.ServicePlans ?? []).Select(p => p.ServicePlanName).OfType<string>()]), cancellationToken);
            }

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
                warnings.Add("The tenant has no Entra ID P1/P2, so Graph gives no sign-in activity: seats are counted as 'unknown', and no inactive-seat findings are raised.");
                writer.SetProperty("activityKnown", "false");
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

                    assigned.Add(new SeatAssignment(key));
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

            writer.SetProperty("activityKnown", activityKnown ? "true" : "false");
            return new SourceResult
            {
                Source = SourceName,
                Accounts = accounts,
                Seats = seats,
                Products = skuKeys.Count,
                Apps = apps,
                ActivityKnown = activityKnown,
                Requests = requests,
                Warnings = warnings,
            };
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Describe(ex) is { } reason)
        {
            throw new SourceFailedException(SourceName, reason, ex);
        }
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
