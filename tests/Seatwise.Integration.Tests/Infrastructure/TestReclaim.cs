using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Seatwise.Workflows.Reclaim;

namespace Seatwise.Integration.Tests.Infrastructure;

/// <summary>Reclaim plans over HTTP as a script would drive them: create, send with If-Match and the approver key, wait for a status.</summary>
public static class TestReclaim
{
    /// <summary>Creates a plan from <paramref name="filter"/> (asserting 201); the plan as answered and its ETag.</summary>
    public static async Task<(JsonElement Plan, string ETag)> CreateAsync(HttpClient client, string filter = "{}")
    {
        using var created = await client.PostAsync(new Uri("api/reclaim-plans", UriKind.Relative), new StringContent(filter, Encoding.UTF8, "application/json"));
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        return (JsonDocument.Parse(body).RootElement, created.Headers.ETag!.Tag);
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? etag = null, string? body = null, string? approverKey = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (etag is not null)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        }

        if (approverKey is not null)
        {
            request.Headers.Add(ReclaimApi.ApproverKeyHeader, approverKey);
        }

        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string id) =>
        JsonDocument.Parse(await client.GetStringAsync(new Uri($"api/reclaim-plans/{id}", UriKind.Relative))).RootElement;

    /// <summary>Reads the plan until its status is <paramref name="status"/> (execution and undo run in the background).</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient client, string id, string status)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var plan = await GetAsync(client, id);
            if (plan.GetProperty("status").GetString() == status)
            {
                return plan;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"plan {id} did not become {status}");
    }
}
