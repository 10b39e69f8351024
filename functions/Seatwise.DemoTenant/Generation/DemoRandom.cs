namespace Seatwise.DemoTenant.Generation;

/// <summary>
/// SplitMix64: a tiny deterministic generator. Each user gets its own stream from (seed, index), so any page of
/// any size can be produced on demand, in any order, without holding other users.
/// </summary>
public struct DemoRandom(ulong state)
{
    private ulong _state = state;

    public static DemoRandom For(int seed, long index, ulong salt = 0) =>
        new(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)index * 0xBF58476D1CE4E5B9UL) ^ salt);

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number in [0, max).</summary>
    public int Below(int max) => (int)(Next() % (ulong)max);

    /// <summary>True with the given percentage (0-100, fractions allowed).</summary>
    public bool Percent(double percent) => Next() % 1_000_000UL < (ulong)(percent * 10_000);

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    /// <summary>A GUID built from the stream (deterministic, version-4 shaped).</summary>
    public Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, Next());
        BitConverter.TryWriteBytes(bytes[8..], Next());
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
