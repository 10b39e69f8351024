using Azure;

namespace Seatwise.Storage.Tables;

/// <summary>If-Match values from API clients, turned into the ETags Table Storage compares.</summary>
public static class TableETags
{
    /// <summary>
    /// <c>*</c>, or a table ETag (always weak: <c>W/"datetime'…'"</c>). Clients that drop the weak marker (.NET's
    /// <c>EntityTagHeaderValue.Tag</c> does) send the quoted part only; it is the same ETag. Anything else cannot
    /// match any entity: null, which callers answer with 412 instead of sending storage a value it rejects.
    /// </summary>
    public static ETag? Parse(string ifMatch)
    {
        var value = ifMatch.Trim();
        if (value == "*")
        {
            return ETag.All;
        }

        if (value.StartsWith("W/\"", StringComparison.Ordinal) && value.EndsWith('"') && value.Length > 4)
        {
            return new ETag(value);
        }

        return value.Length > 2 && value.StartsWith('"') && value.EndsWith('"') ? new ETag("W/" + value) : null;
    }

    /// <summary>Storage refusing a well-formed but foreign ETag as bad input: for the caller it simply does not match.</summary>
    public static bool IsMismatch(RequestFailedException ex) => ex.Status == 412 || (ex.Status == 400 && ex.ErrorCode == "InvalidInput");
}
