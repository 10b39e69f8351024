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
    public static string? Unwrap(string scope, string? token, out bool valid)
    {
        valid = true;
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var parsed = JsonSerializer.Deserialize<Token>(Base64Url.DecodeFromChars(token));
            if (parsed is { S: not null, T: not null } && parsed.S == scope)
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

    private sealed record Token(string S, string T);
}
