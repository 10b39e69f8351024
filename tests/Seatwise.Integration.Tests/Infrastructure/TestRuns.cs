using System.Net;
using System.Text.Json;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Infrastructure;

/// <summary>Starting runs over HTTP and polling them until they finish, as a dashboard or script would.</summary>
public static class TestRuns
{
    public static async Task<RunRecord> StartAndWaitAsync(HttpClient client, TimeSpan? timeout = null)
    {
        using var started = await client.PostAsync(new Uri("api/runs", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("runId").GetString()!;
        return await WaitAsync(client, runId, timeout);
    }

    /// <param name="path">Where the run is read: today's routes, or a tenant's (<c>api/tenants/{id}/runs/</c>).</param>
    public static async Task<RunRecord> WaitAsync(HttpClient client, string runId, TimeSpan? timeout = null, string path = "api/runs/")
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (DateTime.UtcNow < deadline)
        {
            var run = JsonSerializer.Deserialize<RunRecord>(await client.GetStringAsync(new Uri(path + runId, UriKind.Relative)), ResultRepository.Json)!;
            if (RunStatus.IsFinished(run.Status))
            {
                return run;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"run {runId} did not finish");
    }

    /// <summary>Starts a run and waits for its last step too (alerts come after the run has recorded its end).</summary>
    public static async Task<RunRecord> StartAndWaitForAlertsAsync(HttpClient client)
    {
        var run = await StartAndWaitAsync(client);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (run.Alerts is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            run = await WaitAsync(client, run.RunId);
        }

        return run.Alerts is null ? throw new TimeoutException($"run {run.RunId} recorded no alert outcome") : run;
    }

    /// <summary>What went wrong in a run, for an assertion's message: its error, and every source, contract and step that is not ok.</summary>
    public static string Describe(RunRecord run) => string.Join("; ",
        new[] { $"{run.Status} {run.Error}" }
            .Concat(run.Sources.Where(s => s.Status != "ok").Select(s => $"source {s.Source} {s.Status}: {s.Error}"))
            .Concat(run.Contracts.Where(c => c.Status is not ("ok" or "skipped")).Select(c => $"contract {c.ContractId} {c.Status}: {c.Reason}"))
            .Concat(run.Steps.Where(s => s.Status != "ok").Select(s => $"step {s.Step} {s.Status}: {s.Error}")));
}
