using System.Text;
using System.Text.Json;

namespace Seatwise.Integration.Tests.Queries;

/// <summary>
/// Walks the served OpenAPI document and calls every operation against a seeded local host: the status is the
/// documented success, and every response body matches its schema both ways (no undocumented field, no documented
/// field missing).
/// </summary>
public sealed class OpenApiWalkTests(SeededHostFixture seeded) : IClassFixture<SeededHostFixture>
{
    private const string NewTenant =
        "{\"displayName\":\"Contoso Subsidiary\",\"entraTenantId\":\"0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0\",\"sources\":[\"zoom\"],\"settings\":{\"Sources__zoom__AccountId\":\"sub-zoom\",\"Sources__zoom__ClientSecret\":\"@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/sub-zoom-secret)\"},\"currency\":\"USD\"}";

    private static readonly string NewContract =
        "{\"id\":\"walk-zoom\",\"vendor\":\"Zoom\",\"name\":\"Zoom Business\",\"source\":\"zoom\",\"productKeys\":[\"business\"],\"seats\":20,\"unitPrice\":18.32,\"currency\":\"USD\",\"billingPeriod\":\"monthly\"}";

    /// <summary>Mutating operations last, in an order where each finds what it needs; reads first.</summary>
    private static int Order(string method, string path) => (method, path) switch
    {
        ("post", "/contracts") => 1,
        ("put", _) => 2,
        ("patch", _) => 3,
        ("post", "/contracts/import") => 4,
        ("post", "/runs") => 5,
        ("delete", _) => 6,
        ("post", "/reclaim-plans/{id}/approve") => 7,
        ("post", "/reclaim-plans/{id}/execute") => 8,
        ("post", "/reclaim-plans/{id}/undo") => 9,
        _ => 0,
    };

    [Fact]
    public async Task EveryDocumentedOperation_AnswersAsDocumented()
    {
        var client = seeded.Client;
        var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("api/openapi.json", UriKind.Relative))).RootElement;
        var findingId = JsonDocument.Parse(await client.GetStringAsync(new Uri("api/findings?top=1", UriKind.Relative))).RootElement
            .GetProperty("items")[0].GetProperty("id").GetString()!;
        using var planned = await client.PostAsync(new Uri("api/reclaim-plans", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        var planId = JsonDocument.Parse(await planned.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        // A second plan, never executed, whose first seat a notice's keep link can still keep.
        using var second = await client.PostAsync(new Uri("api/reclaim-plans", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        var keepQuery = Core.Reclaim.KeepLink.Query(SeededHostFixture.ApproverKey,
            JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!, 0, DateTimeOffset.UtcNow.AddHours(1));
        using var tenant = await client.PutAsync(new Uri("api/tenants/walk-subsidiary", UriKind.Relative), new StringContent(NewTenant, Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Created, tenant.StatusCode);
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Name != "parameters").Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value)))
            // The tenant-scoped copies answer as their originals do; TenantIsolationTests walks them with tenant keys.
            .Where(o => !o.Path.StartsWith("/" + Workflows.Api.ApiPaths.TenantScope, StringComparison.Ordinal))
            .OrderBy(o => Order(o.Method, o.Path))
            .ToList();
        var problems = new List<string>();

        foreach (var (path, method, operation) in operations)
        {
            var id = operation.GetProperty("operationId").GetString()!;
            var url = "api" + path
                .Replace("/findings/{id}", "/findings/" + findingId, StringComparison.Ordinal)
                .Replace("/contracts/{id}", id is "ReplaceContract" or "DeleteContract" ? "/contracts/walk-zoom" : "/contracts/m365-e5", StringComparison.Ordinal)
                .Replace("{runId}", seeded.Run.RunId, StringComparison.Ordinal)
                .Replace("/reclaim-plans/{id}", "/reclaim-plans/" + planId, StringComparison.Ordinal)
                .Replace("/tenants/{id}", "/tenants/walk-subsidiary", StringComparison.Ordinal);
            var success = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Where(c => c.StartsWith('2')).Order().First();
            if (id == "UndoReclaimPlan")
            {
                await ExecuteAsync(client, planId);
            }

            if (id == "KeepReclaimSeat")
            {
                url += "?" + keepQuery;
            }

            if (id is "ExecuteReclaimPlan" or "UndoReclaimPlan")
            {
                // Their first documented success is the dry run's 200; the real execution's 202 is walked just above.
                url += "?dryRun=true";
            }

            var formats = Parameters(document, operation).Any(p => p == "format") ? new[] { "json", "csv" } : ["json"];
            foreach (var format in formats)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), format == "csv" ? url + "?format=csv" : url);
                if (Parameters(document, operation).Contains("If-Match"))
                {
                    request.Headers.TryAddWithoutValidation("If-Match", "*");
                }

                if (Parameters(document, operation).Contains(Workflows.Reclaim.ReclaimApi.ApproverKeyHeader))
                {
                    request.Headers.Add(Workflows.Reclaim.ReclaimApi.ApproverKeyHeader, SeededHostFixture.ApproverKey);
                }

                request.Content = id switch
                {
                    "CreateContract" => new StringContent(NewContract, Encoding.UTF8, "application/json"),
                    "ReplaceContract" => new StringContent(NewContract.Replace("\"seats\":20", "\"seats\":25", StringComparison.Ordinal), Encoding.UTF8, "application/json"),
                    "UpdateFinding" => new StringContent(Example(document, operation), Encoding.UTF8, "application/json"),
                    "CreateReclaimPlan" => new StringContent("{}", Encoding.UTF8, "application/json"),
                    "PutTenant" => new StringContent(NewTenant, Encoding.UTF8, "application/json"),
                    "UpdateReclaimPlan" => new StringContent("{\"exclude\":[],\"reason\":\"walk\"}", Encoding.UTF8, "application/json"),
                    "ImportContracts" => new StringContent(SeededHostFixture.ContractsCsv(), Encoding.UTF8, "text/csv"),
                    "ImportTenants" => new StringContent("id,displayName,entraTenantId,sources,Sources__zoom__AccountId\nwalk-import,Walk Import,3e1f7e0a-2b3d-4e5f-9a8b-7c6d5e4f3a2b,zoom,walk-zoom\n", Encoding.UTF8, "text/csv"),
                    _ => null,
                };
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) != success)
                {
                    problems.Add($"{method.ToUpperInvariant()} {url} ({format}): {(int)response.StatusCode}, documented {success}: {body}");
                    continue;
                }

                var content = operation.GetProperty("responses").GetProperty(success).TryGetProperty("content", out var c) ? c : default;
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (content.ValueKind == JsonValueKind.Undefined)
                {
                    continue;
                }

                if (mediaType is null || !content.TryGetProperty(mediaType, out var media))
                {
                    problems.Add($"{method.ToUpperInvariant()} {url}: content type {mediaType} is not documented");
                    continue;
                }

                if (mediaType == "application/json")
                {
                    SchemaCheck.Check(JsonDocument.Parse(body).RootElement, media.GetProperty("schema"), document, $"{id}:", problems, strict: true);
                }

                if (id == "StartRun")
                {
                    await Infrastructure.TestRuns.WaitAsync(client, JsonDocument.Parse(body).RootElement.GetProperty("runId").GetString()!);
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Executes the approved plan for real and waits until it is executed, so that its undo can be walked.</summary>
    private static async Task ExecuteAsync(HttpClient client, string planId)
    {
        using var started = await Infrastructure.TestReclaim.SendAsync(client, HttpMethod.Post, $"api/reclaim-plans/{planId}/execute", approverKey: SeededHostFixture.ApproverKey);
        Assert.True(started.StatusCode == System.Net.HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        await Infrastructure.TestReclaim.WaitAsync(client, planId, "executed");
    }

    [Fact]
    public async Task ProblemResponses_MatchTheProblemSchema()
    {
        var document = JsonDocument.Parse(await seeded.Client.GetStringAsync(new Uri("api/openapi.json", UriKind.Relative))).RootElement;
        var problems = new List<string>();
        foreach (var url in new[] { "api/findings?top=0", "api/findings/0123456789abcdef0123456789abcdef", "api/positions?runId=nope" })
        {
            using var response = await seeded.Client.GetAsync(new Uri(url, UriKind.Relative));
            SchemaCheck.Check(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement,
                document.GetProperty("components").GetProperty("schemas").GetProperty("Problem"), document, url, problems, strict: false);
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static IEnumerable<string> Parameters(JsonElement document, JsonElement operation) =>
        operation.TryGetProperty("parameters", out var list)
            ? list.EnumerateArray().Select(p => SchemaCheck.Resolve(p, document).GetProperty("name").GetString()!)
            : [];

    private static string Example(JsonElement document, JsonElement operation)
    {
        var schema = SchemaCheck.Resolve(operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"), document);
        return schema.GetProperty("example").GetRawText();
    }
}

/// <summary>A small OpenAPI 3.0 schema check: types, enums, nullable, $ref, properties both ways and maps.</summary>
internal static class SchemaCheck
{
    public static JsonElement Resolve(JsonElement schema, JsonElement document)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            var node = document;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                node = node.GetProperty(part);
            }

            schema = node;
        }

        return schema;
    }

    /// <param name="strict">True: every declared property must be present (our DTOs always write every field, null or not).</param>
    public static void Check(JsonElement value, JsonElement schema, JsonElement document, string path, List<string> problems, bool strict)
    {
        schema = Resolve(schema, document);
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!(schema.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean()))
            {
                problems.Add($"{path}: null but not nullable");
            }

            return;
        }

        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : null;
        var ok = type switch
        {
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "number" => value.ValueKind == JsonValueKind.Number,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ => true,
        };
        if (!ok)
        {
            problems.Add($"{path}: {value.ValueKind} where the schema says {type}");
            return;
        }

        if (schema.TryGetProperty("enum", out var values) && value.ValueKind == JsonValueKind.String &&
            !values.EnumerateArray().Any(v => v.GetString() == value.GetString()))
        {
            problems.Add($"{path}: '{value.GetString()}' is not in the documented enum");
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(item, items, document, $"{path}[{i++}]", problems, strict);
            }
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var declared = schema.TryGetProperty("properties", out var properties) ? properties : default;
        var additional = schema.TryGetProperty("additionalProperties", out var extra) ? extra : default;
        foreach (var property in value.EnumerateObject())
        {
            if (declared.ValueKind == JsonValueKind.Object && declared.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(property.Value, propertySchema, document, $"{path}.{property.Name}", problems, strict);
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                Check(property.Value, additional, document, $"{path}.{property.Name}", problems, strict);
            }
            else if (additional.ValueKind != JsonValueKind.True)
            {
                problems.Add($"{path}.{property.Name}: in the response but not in the schema");
            }
        }

        if (declared.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : [];
        foreach (var property in declared.EnumerateObject())
        {
            if ((strict || required.Contains(property.Name)) && !value.TryGetProperty(property.Name, out _))
            {
                problems.Add($"{path}.{property.Name}: documented but not in the response");
            }
        }
    }
}
