using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Seatwise.DemoTenant.Generation;

namespace Seatwise.DemoTenant.Vendors;

/// <summary>What a vendor endpoint answers instead of data, decided before it reads any.</summary>
public enum VendorFault
{
    None,
    Unauthorized,
    Throttled,
    Unavailable,
    QuotaExhausted,
}

/// <summary>
/// What every vendor stand-in shares: request numbering per vendor, the fault switches (in the order a real
/// service checks: token, rate limit, availability), opaque page tokens, and which of the tenant's people hold an
/// account at a vendor.
/// </summary>
public static class VendorDemo
{
    /// <summary>Counts the request and picks the fault to answer with, if any.</summary>
    public static async Task<VendorFault> GateAsync(HttpContext http, DemoTenantState state, string vendor, string route, string token)
    {
        var number = state.NextVendorRequest(vendor, route);
        var faults = state.VendorFaults(vendor);
        if (faults.DelayMilliseconds > 0)
        {
            await Task.Delay(faults.DelayMilliseconds, http.RequestAborted);
        }

        if (faults.Unauthorized || http.Request.Headers.Authorization.ToString() != "Bearer " + token)
        {
            return VendorFault.Unauthorized;
        }

        if (faults.QuotaExhausted)
        {
            return VendorFault.QuotaExhausted;
        }

        if (faults.ShouldThrottle(number))
        {
            return VendorFault.Throttled;
        }

        return faults.ServiceUnavailable ? VendorFault.Unavailable : VendorFault.None;
    }

    public static int RetryAfterSeconds(DemoTenantState state, string vendor) => state.VendorFaults(vendor).RetryAfterSeconds;

    public static string PageToken(int offset) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(offset.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The offset a page token stands for; null when the token is not one of ours.</summary>
    public static int? Offset(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            return int.TryParse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static int Size(HttpContext http, string name, int fallback, int max) =>
        int.TryParse(http.Request.Query[name], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? Math.Clamp(s, 1, max) : fallback;

    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The tenant's members (no guests) who hold an account at a vendor: about <paramref name="percent"/> of them,
    /// chosen per person and vendor so every vendor has its own mix. Leavers disabled in Entra keep their vendor
    /// account, as they do when nobody offboards them there. Each comes with its own random stream for the vendor.
    /// </summary>
    public static IEnumerable<(int Index, DemoUser User, DemoRandom Random)> People(DemoTenantState state, ulong vendorSalt, double percent)
    {
        for (var i = 0; i < state.Options.Users; i++)
        {
            if (state.User(i) is not { } user || user.UserType == "Guest")
            {
                continue;
            }

            var random = DemoRandom.For(state.Options.Seed, i, vendorSalt);
            if (random.Percent(percent))
            {
                yield return (i, user, random);
            }
        }
    }

    /// <summary>
    /// The person's email as a vendor may hold it (<see cref="DemoUser.VendorEmail"/>): every fourth in upper case,
    /// as typed into an old sign-up form.
    /// </summary>
    public static string Email(DemoUser user) => user.Index % 4 == 0 ? user.VendorEmail.ToUpperInvariant() : user.VendorEmail;

    /// <summary>Days since the last activity: recent for most, long ago for some, older still for leavers.</summary>
    public static DateTimeOffset? LastActive(DemoTenantState state, DemoUser user, ref DemoRandom random, double neverPercent = 10)
    {
        if (random.Percent(neverPercent))
        {
            return null;
        }

        var reference = state.Generator.ReferenceTime;
        var days = !user.AccountEnabled ? 60 + random.Below(300) : random.Percent(20) ? 95 + random.Below(200) : random.Below(60);
        return reference.AddDays(-days).AddMinutes(-random.Below(24 * 60));
    }
}
