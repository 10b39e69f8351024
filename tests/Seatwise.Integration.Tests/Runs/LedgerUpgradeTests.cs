using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Seatwise.Core.Findings;
using Seatwise.DemoTenant;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Runs;

/// <summary>
/// A ledger written by the layout before buckets (one partition per tenant, RowKey the finding id, the columns that
/// code wrote) keeps working after the upgrade: listed, read and changed through the API before any run, and moved
/// by the first run with everything people made of it (status, reason, snooze, first seen, alerted).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LedgerUpgradeTests(AzuriteFixture azurite)
{
    private const string Contracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod,renewalDate,noticeDays\n" +
        "m365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,30,33.75,EUR,monthly,,\n" +
        "m365-e5,Microsoft,Microsoft 365 E5,graph,SPE_E5,,54.75,EUR,monthly,,\n";

    private static readonly DateTimeOffset LongAgo = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task LegacyLedger_IsServedBeforeTheRun_AndMovedByIt_KeepingWhatPeopleMade()
    {
        var options = new DemoTenantOptions { Users = 40, Seed = 3 };
        string tenant;
        List<LedgerEntry> legacy;
        await using (var first = await DemoHost.StartAsync(azurite, options, Contracts))
        {
            tenant = first.Tenant;
            await TestRuns.StartAndWaitAsync(first.Client);
            var stored = (await first.Host.Services.GetRequiredService<FindingRepository>().ListAllAsync(tenant, CancellationToken.None))
                .Select(s => s.Entry).Where(e => e.Status == FindingStatus.Open).OrderBy(e => e.Finding.Id, StringComparer.Ordinal).ToList();
            Assert.True(stored.Count >= 4, $"the demo run should open at least 4 findings, opened {stored.Count}");
            legacy =
            [
                stored[0] with { Status = FindingStatus.Acknowledged, StatusReason = "kept for the audit", FirstSeenAt = LongAgo, AlertedAt = LongAgo.AddDays(1) },
                stored[1] with { Status = FindingStatus.Snoozed, SnoozedUntil = DateTimeOffset.UtcNow.AddDays(30), StatusReason = "after the renewal", FirstSeenAt = LongAgo },
                .. stored.Skip(2),
            ];
            await RewriteAsLegacyAsync(tenant, legacy);
        }

        // A new process: nothing cached about this tenant's layout, as after deploying the upgrade.
        await using var second = await DemoHost.StartAsync(azurite, options, Contracts, (s, _) => s.Settings["Seatwise:TenantId"] = tenant);
        var client = second.Client;

        var listed = await ListIdsAsync(client);
        var expectedOrder = legacy.OrderByDescending(e => e.Finding.AnnualCost).ThenBy(e => e.Finding.Id, StringComparer.Ordinal).Select(e => e.Finding.Id).ToList();
        Assert.Equal(expectedOrder, listed);
        using (var got = JsonDocument.Parse(await client.GetStringAsync(new Uri($"api/findings/{legacy[0].Finding.Id}", UriKind.Relative))))
        {
            Assert.Equal("acknowledged", got.RootElement.GetProperty("status").GetString());
        }

        // A person's change on the legacy row before any run: the run must carry it over too.
        var patched = legacy[2].Finding.Id;
        await PatchAsync(client, patched, "{\"status\":\"acknowledged\",\"reason\":\"owner on leave\"}");

        var run = await TestRuns.StartAndWaitAsync(client);
        Assert.Equal(RunStatus.Completed, run.Status);

        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(FindingRepository.TableName);
        var left = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenant}")))
        {
            left++;
        }

        Assert.Equal(0, left);
        var after = (await second.Host.Services.GetRequiredService<FindingRepository>().ListAllAsync(tenant, CancellationToken.None))
            .ToDictionary(s => s.Entry.Finding.Id, StringComparer.Ordinal);
        Assert.Equal(legacy.Count, after.Count(a => legacy.Any(l => l.Finding.Id == a.Key)));
        Assert.All(after.Values, s => Assert.Equal(FindingRepository.PartitionOf(tenant, s.Entry.Finding.Id), s.PartitionKey));

        var acknowledged = after[legacy[0].Finding.Id].Entry;
        Assert.Equal((FindingStatus.Acknowledged, "kept for the audit", LongAgo, LongAgo.AddDays(1)),
            (acknowledged.Status, acknowledged.StatusReason, acknowledged.FirstSeenAt, acknowledged.AlertedAt));
        var snoozed = after[legacy[1].Finding.Id].Entry;
        Assert.Equal((FindingStatus.Snoozed, legacy[1].SnoozedUntil, LongAgo), (snoozed.Status, snoozed.SnoozedUntil, snoozed.FirstSeenAt));
        Assert.Equal((FindingStatus.Acknowledged, "owner on leave"), (after[patched].Entry.Status, after[patched].Entry.StatusReason));

        // And the moved ledger serves the same order through the buckets.
        Assert.Equal(expectedOrder, (await ListIdsAsync(client)).Where(expectedOrder.Contains).ToList());
    }

    /// <summary>Deletes the tenant's bucket rows and writes the entries as the code before buckets did.</summary>
    private async Task RewriteAsLegacyAsync(string tenant, IReadOnlyList<LedgerEntry> entries)
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(FindingRepository.TableName);
        for (var bucket = 0; bucket < FindingRepository.Buckets; bucket++)
        {
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {FindingRepository.Partition(tenant, bucket)}")))
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
            }
        }

        foreach (var e in entries)
        {
            await table.AddEntityAsync(new TableEntity(tenant, e.Finding.Id)
            {
                ["Type"] = e.Finding.Type,
                ["Status"] = e.Status.ToString().ToLowerInvariant(),
                ["ContractId"] = e.Finding.ContractId,
                ["AnnualCostKey"] = FindingRepository.CostKey(e.Finding.AnnualCost),
                ["Currency"] = e.Finding.Currency,
                ["Json"] = JsonSerializer.Serialize(e, ResultRepository.Json),
            });
        }
    }

    private static async Task<List<string>> ListIdsAsync(HttpClient client)
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            var uri = "api/findings?status=all&top=7" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token));
            using var page = JsonDocument.Parse(await client.GetStringAsync(new Uri(uri, UriKind.Relative)));
            ids.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            token = page.RootElement.GetProperty("continuationToken").GetString();
        }
        while (token is not null);

        return ids;
    }

    private static async Task PatchAsync(HttpClient client, string id, string body)
    {
        using var get = await client.GetAsync(new Uri($"api/findings/{id}", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri($"api/findings/{id}", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.IfMatch.Add(get.Headers.ETag ?? throw new InvalidOperationException("GET returned no ETag"));
        using var patch = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
    }
}
