using System.Collections.Concurrent;
using Seatwise.DemoTenant.Faults;
using Seatwise.DemoTenant.Generation;

namespace Seatwise.DemoTenant;

/// <summary>Options of one demo tenant.</summary>
public sealed record DemoTenantOptions
{
    public int Seed { get; init; } = 42;

    public int Users { get; init; } = 500;

    /// <summary>"Now" for generated dates; defaults to the start of the current UTC day so demo data looks current.</summary>
    public DateTimeOffset? ReferenceTime { get; init; }

    /// <summary>Graph caps pages at 120 users when signInActivity is selected, whatever $top says.</summary>
    public int SignInActivityPageCap { get; init; } = 120;

    /// <summary>
    /// Salesforce treats batchSize (200-2,000) as a hint and may answer with fewer records per page; tests set a
    /// small cap to page through a small demo tenant.
    /// </summary>
    public int SalesforcePageCap { get; init; } = 2000;

    /// <summary>
    /// Where the demo GitHub has SAML single sign-on: false (the default) at the enterprise, so the github source
    /// needs <c>Sources__github__Enterprise</c>; true at the organization.
    /// </summary>
    public bool GitHubSamlAtOrganization { get; init; }

    /// <summary>Whether the demo Atlassian organization serves the directory-based v2 users API; off, it answers 404 there.</summary>
    public bool AtlassianDirectoryApi { get; init; } = true;

    /// <summary>
    /// A tenant whose admin never consented to the app (or revoked consent): every Graph request is answered 403
    /// Authorization_RequestDenied, as Graph answers a token without the app's permissions.
    /// </summary>
    public bool GraphConsentRefused { get; init; }
}

/// <summary>
/// The live state of a demo tenant: its generator, changes made to single users (tests), the faults to inject
/// and a request counter per route.
/// </summary>
public sealed class DemoTenantState
{
    private readonly ConcurrentDictionary<int, Func<DemoUser, DemoUser?>> _overrides = new();
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FaultOptions> _vendorFaults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, object> _vendorLists = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _throttledWrites = new(StringComparer.Ordinal);
    private Dictionary<string, int>? _userIndexes;
    private int _requestNumber;
    private IReadOnlyDictionary<string, int>? _consumed;

    public DemoTenantState(DemoTenantOptions options)
    {
        Options = options;
        var reference = options.ReferenceTime ?? new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        Generator = new TenantGenerator(options.Seed, options.Users, reference);
    }

    public DemoTenantOptions Options { get; }

    public TenantGenerator Generator { get; }

    public FaultOptions Faults { get; } = new();

    /// <summary>Faults of one vendor's endpoints (<c>zoom</c>, <c>github</c>...), apart from Graph's, so one vendor can fail alone.</summary>
    public FaultOptions VendorFaults(string vendor) => _vendorFaults.GetOrAdd(vendor, _ => new FaultOptions());

    /// <summary>The Teams webhook stand-in and what it received.</summary>
    public Teams.TeamsWebhookReceiver Webhook { get; } = new();

    /// <summary>The user at an index as Graph would return it now; null when a test removed it.</summary>
    public DemoUser? User(int index)
    {
        var user = Generator.User(index);
        return _overrides.TryGetValue(index, out var change) ? change(user) : user;
    }

    /// <summary>Changes one user from now on (a sign-in, a removed licence, a leaver); null removes the user.</summary>
    public void Change(int index, Func<DemoUser, DemoUser?> change)
    {
        _overrides[index] = change;
        _consumed = null;
        _vendorLists.Clear();
    }

    /// <summary>Changes one user on top of the changes made before (a write endpoint removing one licence).</summary>
    public void Amend(int index, Func<DemoUser, DemoUser> change)
    {
        var before = _overrides.TryGetValue(index, out var earlier) ? earlier : u => u;
        Change(index, u => before(u) is { } changed ? change(changed) : null);
    }

    /// <summary>The index of the user with a Graph object id or user principal name (Graph takes either in <c>/users/{id}</c>); null for one the tenant never had.</summary>
    public int? IndexOfUser(string idOrUpn)
    {
        _userIndexes ??= Enumerable.Range(0, Options.Users)
            .SelectMany(i => new[] { (Key: Generator.User(i).Id, Index: i), (Key: Generator.User(i).UserPrincipalName, Index: i) })
            .ToDictionary(k => k.Key, k => k.Index, StringComparer.OrdinalIgnoreCase);
        return _userIndexes.TryGetValue(idOrUpn, out var index) ? index : null;
    }

    /// <summary>Zoom user types set through <c>PATCH /users/{userId}</c> (reclaim makes users Basic, undo Licensed again).</summary>
    public ConcurrentDictionary<string, int> ZoomTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>Copilot seats cancelled through the API, by login: GitHub lists them with a pending cancellation date.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> CopilotCancelled { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Slack members (de)activated through SCIM, by member id.</summary>
    public ConcurrentDictionary<string, bool> SlackActive { get; } = new(StringComparer.Ordinal);

    /// <summary>Salesforce users (de)activated through <c>PATCH sobjects/User/{Id}</c>, by user id.</summary>
    public ConcurrentDictionary<string, bool> SalesforceActive { get; } = new(StringComparer.Ordinal);

    /// <summary>Mail sent through <c>POST /users/{mailbox}/sendMail</c>, in order (reclaim notices).</summary>
    public ConcurrentQueue<(string From, string To, string Subject, string Html)> SentMail { get; } = new();

    /// <summary>After a vendor write: the vendors' lists are built again, with the write in them.</summary>
    public void VendorWritten() => _vendorLists.Clear();

    /// <summary>
    /// True the first time a write route is called: the demo throttles each kind of write once (429 with
    /// Retry-After), as real APIs do under bulk changes, so the retry path is part of every demo.
    /// </summary>
    public bool FirstWrite(string route) => _throttledWrites.TryAdd(route, true);

    /// <summary>
    /// A vendor's generated list, built once and kept until a user changes: every page of a vendor endpoint reads
    /// from it, instead of generating the whole tenant again per page (quadratic at 100,000 users).
    /// </summary>
    public IReadOnlyList<T> VendorList<T>(string key, Func<IEnumerable<T>> create) =>
        (IReadOnlyList<T>)_vendorLists.GetOrAdd(key, _ => create().ToList());

    public IReadOnlyDictionary<string, int> ConsumedUnits =>
        _consumed ??= Generator.CountConsumedUnits(i => User(i) ?? Generator.User(i) with { Licenses = [] });

    /// <summary>Prepaid (enabled) units: consumed plus the SKU's headroom, so some seats stay unassigned.</summary>
    public int EnabledUnits(DemoSku sku) => (int)Math.Ceiling(ConsumedUnits[sku.SkuPartNumber] * (1 + sku.PrepaidHeadroom));

    public int NextRequestNumber(string route)
    {
        _requests.AddOrUpdate(route, 1, (_, n) => n + 1);
        return Interlocked.Increment(ref _requestNumber);
    }

    /// <summary>
    /// Counts a vendor request under <c>{vendor}/{route}</c> and under <c>{vendor}</c>; returns its number among the
    /// vendor's requests, so a fault aimed at "the second GitHub request" is independent of other traffic.
    /// </summary>
    public int NextVendorRequest(string vendor, string route)
    {
        _requests.AddOrUpdate($"{vendor}/{route}", 1, (_, n) => n + 1);
        Interlocked.Increment(ref _requestNumber);
        return _requests.AddOrUpdate(vendor, 1, (_, n) => n + 1);
    }

    public int Requests(string route) => _requests.GetValueOrDefault(route);

    public int TotalRequests => Volatile.Read(ref _requestNumber);

    public IReadOnlyDictionary<string, int> RequestCounts => new Dictionary<string, int>(_requests);

    public void ResetCounters()
    {
        _requests.Clear();
        Interlocked.Exchange(ref _requestNumber, 0);
    }
}
