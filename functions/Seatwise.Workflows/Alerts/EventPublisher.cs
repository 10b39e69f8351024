using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;
using Seatwise.Core.Alerts;
using Seatwise.Storage.Accounts;

namespace Seatwise.Workflows.Alerts;

/// <summary>Where integration events go. With no Service Bus namespace configured, nowhere.</summary>
public interface IEventPublisher
{
    bool Enabled { get; }

    Task<int> PublishAsync(IReadOnlyList<EventMessage> messages, CancellationToken cancellationToken);
}

/// <summary>
/// Sends events to the Service Bus topic with the real SDK client and managed identity, in as few batches as the
/// SDK's size limit allows. Message ids are deterministic, so a retried activity's resend is dropped by the
/// topic's duplicate detection (enable it on the topic; infra does).
/// </summary>
public sealed class ServiceBusEventPublisher(IOptions<EventSettings> settings) : IEventPublisher, IAsyncDisposable
{
    private readonly Lazy<ServiceBusClient> _client = new(() => new ServiceBusClient(
        settings.Value.ServiceBusNamespace,
        StorageAccount.Identity(settings.Value.ClientId)));

    public bool Enabled => settings.Value.Enabled;

    public async Task<int> PublishAsync(IReadOnlyList<EventMessage> messages, CancellationToken cancellationToken)
    {
        if (!Enabled || messages.Count == 0)
        {
            return 0;
        }

        await using var sender = _client.Value.CreateSender(settings.Value.Topic);
        var sent = 0;
        var batch = await sender.CreateMessageBatchAsync(cancellationToken);
        try
        {
            foreach (var message in messages.Select(ToServiceBus))
            {
                if (batch.TryAddMessage(message))
                {
                    continue;
                }

                await sender.SendMessagesAsync(batch, cancellationToken);
                sent += batch.Count;
                batch.Dispose();
                batch = await sender.CreateMessageBatchAsync(cancellationToken);
                if (!batch.TryAddMessage(message))
                {
                    throw new InvalidOperationException($"Event {message.MessageId} is larger than a Service Bus message may be.");
                }
            }

            if (batch.Count > 0)
            {
                await sender.SendMessagesAsync(batch, cancellationToken);
                sent += batch.Count;
            }
        }
        finally
        {
            batch.Dispose();
        }

        return sent;
    }

    /// <summary>The Service Bus message of an event: the one mapping from our event to the wire, tested without a namespace.</summary>
    public static ServiceBusMessage ToServiceBus(EventMessage e) => new(BinaryData.FromString(e.Body))
    {
        MessageId = e.MessageId,
        Subject = e.Subject,
        ContentType = "application/json",
    };

    public async ValueTask DisposeAsync()
    {
        if (_client.IsValueCreated)
        {
            await _client.Value.DisposeAsync();
        }
    }
}
