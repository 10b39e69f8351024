using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Seatwise.Storage.Tables;

/// <summary>
/// Opaque paging tokens for the API: the storage continuation wrapped with the scope it belongs to, so a token
/// from another list or a tampered one is refused with a clear error instead of reaching storage.
/// </summary>
public static class ContinuationTokens
{
    public static string? Wrap(string scope, string? storageToken) =>
        storageToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Token(scope, storageToken))));

    /// <summary>The storage token, or null with <paramref name="valid"/> false when the token is not one of ours for this scope.</summary>
    /// <param name="innerIsValid">Whether the inner token has the shape this list gives; by default a table continuation token.</param>
    public static string? Unwrap(string scope, string? token, out bool valid, Func<string, bool>? innerIsValid = null)
    {
        valid = true;
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var parsed = JsonSerializer.Deserialize<Token>(Base64Url.DecodeFromChars(token));
            if (parsed is { S: not null, T: not null } && parsed.S == scope && (innerIsValid?.Invoke(parsed.T) ?? IsTableToken(parsed.T)))
            {
                return parsed.T;
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
        }

        valid = false;
        return null;
    }

    /// <summary>
    /// The shape of Azure.Data.Tables' continuation tokens: the next partition key and row key the service returned,
    /// separated by one space (the row key part may be empty). A forged inner part would otherwise reach storage
    /// and quietly answer an empty page.
    /// </summary>
    public static bool IsTableToken(string token)
    {
        var space = token.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && token.IndexOf(' ', space + 1) < 0 && !token.Any(char.IsControl);
    }

    private sealed record Token(string S, string T);
}
