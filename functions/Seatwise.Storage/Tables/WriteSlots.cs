namespace Seatwise.Storage.Tables;

/// <summary>
/// The table transactions an instance has in flight for a run's results (seat lines and raw findings), shared by
/// every writer of every contract step at once (<see cref="StorageSettings.WriteConcurrency"/>). Shared rather than
/// per writer because each transaction in flight holds its hundred entities serialized, several KB each, until the
/// service answers: ten contract steps with eight each held about 60 transactions (35 MB live, more in the garbage
/// they left) at 100,000 users, and the account's throughput (about 20,000 entities/s in Azure) is shared by them
/// all anyway.
/// </summary>
public sealed class WriteSlots(int count) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(count, count);

    public int Count { get; } = count;

    public Task WaitAsync(CancellationToken cancellationToken) => _slots.WaitAsync(cancellationToken);

    public void Release() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
