using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Seatwise.Integration.Tests.Infrastructure;

/// <summary>
/// Storage faults on a seeded schedule, injected into every Table and Blob attempt through the SDK pipeline (one
/// policy per retry, so the SDK's own retries meet them): 503 ServerBusy and connection resets before the request
/// is sent, and 500 OperationTimedOut or a lost response after storage has already done the work (the hard case:
/// the write happened, the client does not know).
/// </summary>
public sealed class StorageFaults(int seed, double probability, string[]? kinds = null) : HttpPipelinePolicy
{
    public static readonly string[] AllKinds = ["busy-before", "reset-before", "timeout-after", "lost-after"];

    private readonly string[] _kinds = kinds ?? AllKinds;

    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();

    public bool Enabled { get; set; } = true;

    /// <summary>When set, only requests it accepts can fault (a test aims at one write).</summary>
    public Func<Request, bool>? Aim { get; init; }

    /// <summary>When set, at most this many faults are injected.</summary>
    public int? Limit { get; init; }

    public ConcurrentDictionary<string, int> Injected { get; } = new(StringComparer.Ordinal);

    public int Total => Injected.Values.Sum();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: true);

    private async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        var aimed = Aim?.Invoke(message.Request) ?? true;
        var fault = aimed ? Next() : null;
        switch (fault)
        {
            case "busy-before":
                message.Response = new FaultResponse(503, "ServerBusy");
                return;
            case "reset-before":
                throw new IOException("injected fault: connection reset before the request was sent");
        }

        if (async)
        {
            await ProcessNextAsync(message, pipeline);
        }
        else
        {
            ProcessNext(message, pipeline);
        }

        switch (fault)
        {
            case "timeout-after":
                message.Response = new FaultResponse(500, "OperationTimedOut");
                break;
            case "lost-after":
                throw new IOException("injected fault: the response was lost after storage did the work");
        }
    }

    private string? Next()
    {
        string? fault;
        lock (_gate)
        {
            fault = !Enabled || (Limit is { } limit && Total >= limit) || _random.NextDouble() >= probability ? null : _kinds[_random.Next(_kinds.Length)];
        }

        if (fault is not null)
        {
            Injected.AddOrUpdate(fault, 1, (_, n) => n + 1);
        }

        return fault;
    }

    private sealed class FaultResponse(int status, string reason) : Response
    {
        public override int Status => status;

        public override string ReasonPhrase => reason;

        // The transport marks real error responses; a response a policy makes must say so itself, or the retry
        // policy takes it for a success and never retries it.
        public override bool IsError => true;

        public override Stream? ContentStream { get; set; } = new MemoryStream();

        public override string ClientRequestId { get; set; } = string.Empty;

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = null;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }
    }
}
