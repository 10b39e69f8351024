using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Seatwise.DemoTenant.Generation;

namespace Seatwise.DemoTenant.Graph;

/// <summary>
/// The Microsoft Graph v1.0 routes Seatwise reads, with Graph's JSON shapes, paging (<c>@odata.nextLink</c> with
/// an opaque skip token), page caps and error bodies.
/// </summary>
public static class GraphEndpoints
{
    private static readonly string[] DefaultUserProperties = ["id", "displayName", "userPrincipalName", "mail"];
    private static readonly HashSet<string> KnownUserProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "displayName", "userPrincipalName", "mail", "accountEnabled", "createdDateTime", "userType", "assignedLicenses", "signInActivity",
        "proxyAddresses", "otherMails", "licenseAssignmentStates",
    };

    public static void MapGraph(this IEndpointRouteBuilder app, DemoTenantState state)
    {
        app.MapGet("/v1.0/subscribedSkus", (HttpContext http) => Guarded(http, state, "subscribedSkus", false, () => SubscribedSkusAsync(http, state)));
        app.MapGet("/v1.0/users", (HttpContext http) => Guarded(http, state, "users", SelectsSignIn(http), () => UsersAsync(http, state)));
        app.MapGet("/v1.0/servicePrincipals", (HttpContext http) => Guarded(http, state, "servicePrincipals", false, () => ServicePrincipalsAsync(http, state)));
        app.MapGet("/v1.0/directory/subscriptions", (HttpContext http) => Guarded(http, state, "subscriptions", false, () => SubscriptionsAsync(http, state)));
        app.MapGet("/v1.0/users/{id}", (HttpContext http, string id) => Guarded(http, state, "user", false, () => UserAsync(http, state, id)));
        app.MapPost("/v1.0/users/{id}/sendMail", (HttpContext http, string id) => Guarded(http, state, "sendMail", false, () => SendMailAsync(http, state, id)));
        app.MapPost("/v1.0/users/{id}/assignLicense", (HttpContext http, string id) => Guarded(http, state, "assignLicense", false, () => AssignLicenseAsync(http, state, id)));
    }

    /// <summary><c>GET /users/{id}</c>: one user with the selected properties; 404 Request_ResourceNotFound for an unknown id.</summary>
    private static async Task UserAsync(HttpContext http, DemoTenantState state, string id)
    {
        var select = http.Request.Query["$select"].ToString();
        var properties = string.IsNullOrEmpty(select) ? DefaultUserProperties : select.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (properties.FirstOrDefault(p => !KnownUserProperties.Contains(p)) is { } unknown)
        {
            await ErrorAsync(http, 400, "Request_BadRequest", $"Could not find a property named '{unknown}' on type 'microsoft.graph.user'.");
            return;
        }

        if (state.IndexOfUser(id) is not { } index || state.User(index) is not { } user)
        {
            await ErrorAsync(http, 404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");
            return;
        }

        await WriteAsync(http, w =>
        {
            w.WriteString("@odata.context", $"https://graph.microsoft.com/v1.0/$metadata#users({string.Join(",", properties)})/$entity");
            WriteUserProperties(w, user, properties.ToHashSet(StringComparer.OrdinalIgnoreCase));
        });
    }

    /// <summary>
    /// <c>POST /users/{mailbox}/sendMail</c>: 202 Accepted with no body; the mailbox must be a user or an address of
    /// the tenant's domain (404 ErrorInvalidUser otherwise); <c>message.toRecipients</c> is required (400).
    /// </summary>
    private static async Task SendMailAsync(HttpContext http, DemoTenantState state, string mailbox)
    {
        if (state.IndexOfUser(mailbox) is null && !mailbox.EndsWith("@" + TenantGenerator.Domain, StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(http, 404, "ErrorInvalidUser", $"The requested user '{mailbox}' is invalid.");
            return;
        }

        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        // Graph reads property names without regard to case (the .NET SDK sends "Message" and "SaveToSentItems").
        var message = Property(body.RootElement, "message");
        var to = Property(message, "toRecipients");
        if (message.ValueKind != JsonValueKind.Object || to.ValueKind != JsonValueKind.Array || to.GetArrayLength() == 0)
        {
            await ErrorAsync(http, 400, "ErrorInvalidRecipients", "At least one recipient is not valid.");
            return;
        }

        var address = Property(Property(to[0], "emailAddress"), "address").GetString() ?? string.Empty;
        var subject = Property(message, "subject") is { ValueKind: JsonValueKind.String } s ? s.GetString()! : string.Empty;
        var html = Property(Property(message, "body"), "content") is { ValueKind: JsonValueKind.String } c ? c.GetString()! : string.Empty;
        state.SentMail.Enqueue((mailbox, address, subject, html));
        http.Response.StatusCode = 202;
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object ? element.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value : default;

    /// <summary>
    /// <c>POST /users/{id}/assignLicense</c>: both <c>addLicenses</c> and <c>removeLicenses</c> are required; a
    /// licence the user has through a group cannot be removed from the user (400); the first call is throttled once.
    /// Answers with the user, as Graph does.
    /// </summary>
    private static async Task AssignLicenseAsync(HttpContext http, DemoTenantState state, string id)
    {
        if (state.FirstWrite("graph/assignLicense"))
        {
            http.Response.Headers.RetryAfter = "1";
            await ErrorAsync(http, 429, "TooManyRequests", "Too many requests. Please retry after the time in the Retry-After header.");
            return;
        }

        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            await ErrorAsync(http, 400, "Request_BadRequest", "The request body is not valid JSON.");
            return;
        }

        var add = Property(body, "addLicenses");
        var remove = Property(body, "removeLicenses");
        if (add.ValueKind != JsonValueKind.Array || remove.ValueKind != JsonValueKind.Array)
        {
            await ErrorAsync(http, 400, "Request_BadRequest", "Invalid value specified for property 'addLicenses' or 'removeLicenses' of resource 'User'.");
            return;
        }

        if (state.IndexOfUser(id) is not { } index || state.User(index) is not { } user)
        {
            await ErrorAsync(http, 404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");
            return;
        }

        var adding = add.EnumerateArray().Select(a => Property(a, "skuId") is { ValueKind: JsonValueKind.String } s ? s.GetString() : null).ToList();
        var removing = remove.EnumerateArray().Select(r => r.GetString()).ToList();
        var unknown = adding.Concat(removing).FirstOrDefault(s => DemoSkus.All.All(k => !string.Equals(k.SkuId, s, StringComparison.OrdinalIgnoreCase)));
        if (unknown is not null || adding.Concat(removing).Any(s => s is null))
        {
            await ErrorAsync(http, 400, "Request_BadRequest", $"License {unknown} does not correspond to a valid company License.");
            return;
        }

        var groupHeld = removing.Select(r => user.Licenses.FirstOrDefault(l => string.Equals(l.SkuId, r, StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault(l => l is not null && DemoGroups.AssignedBy(user, l) is not null);
        if (groupHeld is not null)
        {
            await ErrorAsync(http, 400, "Request_BadRequest", "User license is inherited from a group membership and it cannot be removed directly from the user.");
            return;
        }

        state.Amend(index, u => u with
        {
            Licenses = [.. u.Licenses.Where(l => !removing.Contains(l.SkuId, StringComparer.OrdinalIgnoreCase)),
                .. DemoSkus.All.Where(k => adding.Contains(k.SkuId, StringComparer.OrdinalIgnoreCase) && u.Licenses.All(l => l.SkuId != k.SkuId))],
        });
        var changed = state.User(index)!;
        await WriteAsync(http, w =>
        {
            w.WriteString("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#users/$entity");
            WriteUserProperties(w, changed, DefaultUserProperties.Append("assignedLicenses").ToHashSet(StringComparer.OrdinalIgnoreCase));
        });
    }

    private static bool SelectsSignIn(HttpContext http) =>
        http.Request.Query["$select"].ToString().Contains("signInActivity", StringComparison.OrdinalIgnoreCase);

    /// <summary>Counts the request and answers with an injected fault when one is due.</summary>
    private static async Task Guarded(HttpContext http, DemoTenantState state, string route, bool selectsSignIn, Func<Task> handle)
    {
        var number = state.NextRequestNumber(route);
        var faults = state.Faults;
        if (faults.DelayMilliseconds > 0)
        {
            await Task.Delay(faults.DelayMilliseconds, http.RequestAborted);
        }

        if (faults.Unauthorized)
        {
            await ErrorAsync(http, 401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
        }
        else if (faults.ServiceUnavailable)
        {
            await ErrorAsync(http, 503, "serviceNotAvailable", "The service is temporarily unavailable. Please retry later.");
        }
        else if (faults.ShouldThrottle(number))
        {
            http.Response.Headers.RetryAfter = faults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await ErrorAsync(http, 429, "TooManyRequests", "Too many requests. Please retry after the time in the Retry-After header.");
        }
        else if (faults.NoPremium && selectsSignIn)
        {
            await ErrorAsync(http, 403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                "Neither tenant is B2C or tenant doesn't have premium license");
        }
        else
        {
            await handle();
        }
    }

    private static async Task SubscribedSkusAsync(HttpContext http, DemoTenantState state)
    {
        await WriteAsync(http, w =>
        {
            w.WriteString("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#subscribedSkus");
            w.WriteStartArray("value");
            foreach (var sku in DemoSkus.All)
            {
                w.WriteStartObject();
                w.WriteString("accountName", "Contoso");
                w.WriteString("accountId", "b3c1d3e4-0000-4000-8000-00000000c0de");
                w.WriteString("appliesTo", "User");
                w.WriteString("capabilityStatus", "Enabled");
                w.WriteNumber("consumedUnits", state.ConsumedUnits[sku.SkuPartNumber]);
                w.WriteString("id", $"b3c1d3e4-0000-4000-8000-00000000c0de_{sku.SkuId}");
                w.WriteStartObject("prepaidUnits");
                w.WriteNumber("enabled", sku == DemoSkus.FlowFree ? 10_000 : state.EnabledUnits(sku));
                w.WriteNumber("lockedOut", 0);
                w.WriteNumber("suspended", 0);
                w.WriteNumber("warning", 0);
                w.WriteEndObject();
                w.WriteStartArray("servicePlans");
                foreach (var plan in sku.ServicePlans)
                {
                    w.WriteStartObject();
                    w.WriteString("servicePlanId", DemoSkus.PlanId(plan));
                    w.WriteString("servicePlanName", plan);
                    w.WriteString("provisioningStatus", "Success");
                    w.WriteString("appliesTo", "User");
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteString("skuId", sku.SkuId);
                w.WriteString("skuPartNumber", sku.SkuPartNumber);
                w.WriteStartArray("subscriptionIds");
                w.WriteStringValue(sku.SubscriptionId);
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private static async Task UsersAsync(HttpContext http, DemoTenantState state)
    {
        var query = http.Request.Query;
        if (query.ContainsKey("$skip"))
        {
            await ErrorAsync(http, 400, "Request_UnsupportedQuery", "'$skip' is not supported by the service.");
            return;
        }

        var select = query["$select"].ToString();
        var properties = string.IsNullOrEmpty(select)
            ? DefaultUserProperties
            : select.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = properties.FirstOrDefault(p => !KnownUserProperties.Contains(p));
        if (unknown is not null)
        {
            await ErrorAsync(http, 400, "Request_BadRequest", $"Could not find a property named '{unknown}' on type 'microsoft.graph.user'.");
            return;
        }

        var (top, offset, error) = Paging(query, maxTop: 999, defaultTop: 100);
        if (error is not null)
        {
            await ErrorAsync(http, 400, "Request_BadRequest", error);
            return;
        }

        var selected = properties.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var pageSize = selected.Contains("signInActivity") ? Math.Min(top, state.Options.SignInActivityPageCap) : top;
        var end = Math.Min(state.Options.Users, offset + pageSize);
        await WriteAsync(http, w =>
        {
            w.WriteString("@odata.context", $"https://graph.microsoft.com/v1.0/$metadata#users({string.Join(",", properties)})");
            if (end < state.Options.Users)
            {
                w.WriteString("@odata.nextLink", NextLink(http, "/v1.0/users", end));
            }

            w.WriteStartArray("value");
            for (var i = offset; i < end; i++)
            {
                if (state.User(i) is { } user)
                {
                    WriteUser(w, user, selected);
                }
            }

            w.WriteEndArray();
        });
    }

    private static void WriteUser(Utf8JsonWriter w, DemoUser user, HashSet<string> selected)
    {
        w.WriteStartObject();
        WriteUserProperties(w, user, selected);
        w.WriteEndObject();
    }

    private static void WriteUserProperties(Utf8JsonWriter w, DemoUser user, HashSet<string> selected)
    {
        if (selected.Contains("id"))
        {
            w.WriteString("id", user.Id);
        }

        if (selected.Contains("userPrincipalName"))
        {
            w.WriteString("userPrincipalName", user.UserPrincipalName);
        }

        if (selected.Contains("mail"))
        {
            w.WriteString("mail", user.Mail);
        }

        if (selected.Contains("displayName"))
        {
            w.WriteString("displayName", user.DisplayName);
        }

        if (selected.Contains("proxyAddresses"))
        {
            WriteStrings(w, "proxyAddresses", user.ProxyAddresses);
        }

        if (selected.Contains("otherMails"))
        {
            WriteStrings(w, "otherMails", user.OtherMails);
        }

        if (selected.Contains("accountEnabled"))
        {
            w.WriteBoolean("accountEnabled", user.AccountEnabled);
        }

        if (selected.Contains("createdDateTime"))
        {
            WriteDate(w, "createdDateTime", user.CreatedDateTime);
        }

        if (selected.Contains("userType"))
        {
            w.WriteString("userType", user.UserType);
        }

        if (selected.Contains("assignedLicenses"))
        {
            w.WriteStartArray("assignedLicenses");
            foreach (var sku in user.Licenses)
            {
                w.WriteStartObject();
                w.WriteStartArray("disabledPlans");
                w.WriteEndArray();
                w.WriteString("skuId", sku.SkuId);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (selected.Contains("signInActivity"))
        {
            w.WriteStartObject("signInActivity");
            WriteDate(w, "lastSignInDateTime", user.LastSignInDateTime);
            w.WriteString("lastSignInRequestId", user.LastSignInDateTime is null ? null : RequestId(user, 1));
            WriteDate(w, "lastNonInteractiveSignInDateTime", user.LastNonInteractiveSignInDateTime);
            w.WriteString("lastNonInteractiveSignInRequestId", user.LastNonInteractiveSignInDateTime is null ? null : RequestId(user, 2));
            WriteDate(w, "lastSuccessfulSignInDateTime", user.LastSuccessfulSignInDateTime);
            w.WriteString("lastSuccessfulSignInRequestId", user.LastSuccessfulSignInDateTime is null ? null : RequestId(user, 3));
            w.WriteEndObject();
        }

        if (selected.Contains("licenseAssignmentStates"))
        {
            w.WriteStartArray("licenseAssignmentStates");
            foreach (var sku in user.Licenses)
            {
                w.WriteStartObject();
                w.WriteString("assignedByGroup", DemoGroups.AssignedBy(user, sku));
                w.WriteStartArray("disabledPlans");
                w.WriteEndArray();
                w.WriteNull("error");
                WriteDate(w, "lastUpdatedDateTime", user.CreatedDateTime);
                w.WriteString("skuId", sku.SkuId);
                w.WriteString("state", "Active");
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static async Task ServicePrincipalsAsync(HttpContext http, DemoTenantState state)
    {
        var (top, offset, error) = Paging(http.Request.Query, maxTop: 999, defaultTop: 100);
        if (error is not null)
        {
            await ErrorAsync(http, 400, "Request_BadRequest", error);
            return;
        }

        var apps = state.Generator.Apps;
        var end = Math.Min(apps.Count, offset + top);
        await WriteAsync(http, w =>
        {
            w.WriteString("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals");
            if (end < apps.Count)
            {
                w.WriteString("@odata.nextLink", NextLink(http, "/v1.0/servicePrincipals", end));
            }

            w.WriteStartArray("value");
            for (var i = offset; i < end; i++)
            {
                var app = apps[i];
                w.WriteStartObject();
                w.WriteString("id", app.Id);
                w.WriteString("appId", app.AppId);
                w.WriteString("displayName", app.DisplayName);
                w.WriteString("publisherName", app.PublisherName);
                w.WriteBoolean("accountEnabled", app.AccountEnabled);
                w.WriteString("appOwnerOrganizationId", app.AppOwnerOrganizationId);
                w.WriteStartArray("tags");
                foreach (var tag in app.Tags)
                {
                    w.WriteStringValue(tag);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private static async Task SubscriptionsAsync(HttpContext http, DemoTenantState state)
    {
        await WriteAsync(http, w =>
        {
            w.WriteString("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#directory/subscriptions");
            w.WriteStartArray("value");
            var renewal = state.Generator.ReferenceTime.AddDays(45);
            foreach (var sku in DemoSkus.All)
            {
                w.WriteStartObject();
                w.WriteString("id", sku.SubscriptionId);
                w.WriteString("commerceSubscriptionId", sku.SubscriptionId);
                w.WriteString("skuId", sku.SkuId);
                w.WriteString("skuPartNumber", sku.SkuPartNumber);
                w.WriteString("status", "Enabled");
                w.WriteNumber("totalLicenses", sku == DemoSkus.FlowFree ? 10_000 : state.EnabledUnits(sku));
                w.WriteBoolean("isTrial", false);
                WriteDate(w, "createdDateTime", renewal.AddYears(-2));
                WriteDate(w, "nextLifecycleDateTime", renewal);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private static (int Top, int Offset, string? Error) Paging(IQueryCollection query, int maxTop, int defaultTop)
    {
        var top = defaultTop;
        if (query["$top"].FirstOrDefault() is { } topText &&
            (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top < 1 || top > maxTop))
        {
            return (0, 0, $"Invalid page size specified: '{topText}'. Must be between 1 and {maxTop} inclusive.");
        }

        var offset = 0;
        if (query["$skiptoken"].FirstOrDefault() is { } token)
        {
            try
            {
                var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
                if (!text.StartsWith("demo1:", StringComparison.Ordinal) || !int.TryParse(text.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out offset))
                {
                    return (0, 0, "Invalid skip token.");
                }
            }
            catch (FormatException)
            {
                return (0, 0, "Invalid skip token.");
            }
        }

        return (top, offset, null);
    }

    /// <summary>An absolute next link on this server's own host, keeping the query, with an opaque skip token.</summary>
    private static string NextLink(HttpContext http, string path, int offset)
    {
        var token = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"demo1:{offset}"));
        var query = http.Request.Query.Where(q => q.Key != "$skiptoken")
            .Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"$skiptoken={token}");
        return $"{http.Request.Scheme}://{http.Request.Host}{path}?{string.Join("&", query)}";
    }

    private static void WriteDate(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, v.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string RequestId(DemoUser user, int which) =>
        DemoRandom.For(user.Index, which, salt: 0x5151UL).NextGuid().ToString();

    private static async Task WriteAsync(HttpContext http, Action<Utf8JsonWriter> body)
    {
        http.Response.ContentType = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";
        await using var writer = new Utf8JsonWriter(http.Response.Body);
        writer.WriteStartObject();
        body(writer);
        writer.WriteEndObject();
        await writer.FlushAsync(http.RequestAborted);
    }

    /// <summary>Graph's error body: code, message and innerError with date and request ids.</summary>
    public static async Task ErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        var requestId = Guid.NewGuid().ToString();
        http.Response.Headers["request-id"] = requestId;
        await WriteAsync(http, w =>
        {
            w.WriteStartObject("error");
            w.WriteString("code", code);
            w.WriteString("message", message);
            w.WriteStartObject("innerError");
            w.WriteString("date", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
            w.WriteString("request-id", requestId);
            w.WriteString("client-request-id", http.Request.Headers["client-request-id"].FirstOrDefault() ?? requestId);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }
}
