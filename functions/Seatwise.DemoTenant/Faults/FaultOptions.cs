namespace Seatwise.DemoTenant.Faults;

/// <summary>
/// Faults the demo tenant injects, so tests and benchmarks see what real Graph does under load or
/// misconfiguration. Requests are numbered from 1 in arrival order; all choices are deterministic.
/// </summary>
public sealed class FaultOptions
{
    /// <summary>Every Nth request answers 429 with Retry-After (0 = off).</summary>
    public int ThrottleEveryNth { get; set; }

    /// <summary>These request numbers answer 429 with Retry-After.</summary>
    public HashSet<int> ThrottleRequests { get; } = [];

    /// <summary>A share (0-1) of requests, chosen deterministically by request number, answers 429.</summary>
    public double ThrottleFraction { get; set; }

    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Every request answers 503 (no Retry-After), as during an outage.</summary>
    public bool ServiceUnavailable { get; set; }

    /// <summary>Added to every response.</summary>
    public int DelayMilliseconds { get; set; }

    /// <summary>The tenant has no Entra ID P1: selecting signInActivity answers 403 like Graph.</summary>
    public bool NoPremium { get; set; }

    /// <summary>The app lacks Reports.Read.All: the usage reports answer 403 like Graph.</summary>
    public bool ReportsForbidden { get; set; }

    /// <summary>The tenant conceals user names in usage reports (the Microsoft 365 default since 2021): UPNs are hashes.</summary>
    public bool ConcealedNames { get; set; }

    /// <summary>Every request answers 401 (a wrong or expired token).</summary>
    public bool Unauthorized { get; set; }

    /// <summary>The vendor's API quota for the day is spent (Salesforce 403 REQUEST_LIMIT_EXCEEDED): not worth retrying.</summary>
    public bool QuotaExhausted { get; set; }

    /// <summary>The token is valid but lacks a permission (GitHub GraphQL: a FORBIDDEN error for SAML identities without admin:org).</summary>
    public bool MissingPermission { get; set; }

    public void Clear()
    {
        ThrottleEveryNth = 0;
        ThrottleRequests.Clear();
        ThrottleFraction = 0;
        RetryAfterSeconds = 1;
        ServiceUnavailable = false;
        DelayMilliseconds = 0;
        NoPremium = false;
        ReportsForbidden = false;
        ConcealedNames = false;
        Unauthorized = false;
        QuotaExhausted = false;
        MissingPermission = false;
    }

    public bool ShouldThrottle(int requestNumber) =>
        ThrottleRequests.Contains(requestNumber) ||
        (ThrottleEveryNth > 0 && requestNumber % ThrottleEveryNth == 0) ||
        (ThrottleFraction > 0 && new Generation.DemoRandom((ulong)requestNumber).Next() % 10_000 < ThrottleFraction * 10_000);
}
