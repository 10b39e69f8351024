using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Seatwise.Integration.Tests.Infrastructure;

namespace Seatwise.Integration.Tests.Contracts;

/// <summary>The contract register over HTTP against the local host and Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ContractsApiTests(AzuriteFixture azurite) : HostedTest(azurite)
{
    private static object Body(string id = "zoom", int seats = 10, string currency = "EUR") => new
    {
        id,
        vendor = "Zoom",
        name = "Zoom Business",
        source = "zoom",
        productKeys = new[] { "business" },
        seats,
        unitPrice = 199.90m,
        currency,
        billingPeriod = "annual",
        renewalDate = "2027-01-01",
        noticeDays = 30,
    };

    private static StringContent Csv(string text, string type = "text/csv") => new(text, Encoding.UTF8, type);

    private static string Header => "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n";

    private static string Row(int i, string? seats = null) => $"c{i:000},Vendor{i % 3},Product {i},csv,plan-{i},{seats ?? "10"},12.50,EUR,monthly\n";

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Crud_RoundTrip_WithETags()
    {
        using var created = await Client.PostAsJsonAsync("api/contracts", Body());
        var etag = created.Headers.ETag?.ToString();
        using var read = await Client.GetAsync(new Uri("api/contracts/zoom", UriKind.Relative));
        var body = await JsonAsync(read);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/contracts/zoom", created.Headers.Location?.ToString());
        Assert.NotNull(etag);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(199.90m, body.GetProperty("unitPrice").GetDecimal());
        Assert.Equal("annual", body.GetProperty("billingPeriod").GetString());

        using var put = new HttpRequestMessage(HttpMethod.Put, "api/contracts/zoom") { Content = JsonContent.Create(Body(seats: 12)) };
        put.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(read.Headers.ETag!.ToString()));
        using var replaced = await Client.SendAsync(put);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "api/contracts/zoom");
        delete.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(replaced.Headers.ETag!.ToString()));
        using var deleted = await Client.SendAsync(delete);
        using var gone = await Client.GetAsync(new Uri("api/contracts/zoom", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(12, (await JsonAsync(replaced)).GetProperty("seats").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Put_StaleETag_Answers412_AndMissingIfMatch428()
    {
        using var created = await Client.PostAsJsonAsync("api/contracts", Body("etag-test"));
        var stale = created.Headers.ETag!.ToString();
        using var first = new HttpRequestMessage(HttpMethod.Put, "api/contracts/etag-test") { Content = JsonContent.Create(Body("etag-test", seats: 11)) };
        first.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(stale));
        using var ok = await Client.SendAsync(first);
        using var second = new HttpRequestMessage(HttpMethod.Put, "api/contracts/etag-test") { Content = JsonContent.Create(Body("etag-test", seats: 13)) };
        second.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(stale));
        using var conflict = await Client.SendAsync(second);
        using var noIfMatch = await Client.PutAsJsonAsync("api/contracts/etag-test", Body("etag-test"));
        using var deleteNoIfMatch = await Client.DeleteAsync(new Uri("api/contracts/etag-test", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        Assert.Equal((HttpStatusCode)428, noIfMatch.StatusCode);
        Assert.Equal((HttpStatusCode)428, deleteNoIfMatch.StatusCode);
        Assert.Equal(11, (await JsonAsync(await Client.GetAsync(new Uri("api/contracts/etag-test", UriKind.Relative)))).GetProperty("seats").GetInt32());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("W/\"datetime'not-a-date'\"")]
    [InlineData("\"\"")]
    public async Task Put_And_Delete_WithAnIfMatchNoEntityCanHave_Answer412_Not500(string ifMatch)
    {
        using var created = await Client.PostAsJsonAsync("api/contracts", Body("foreign-etag"));
        using var put = new HttpRequestMessage(HttpMethod.Put, "api/contracts/foreign-etag") { Content = JsonContent.Create(Body("foreign-etag", seats: 11)) };
        put.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "api/contracts/foreign-etag");
        delete.Headers.TryAddWithoutValidation("If-Match", ifMatch);

        using var putResponse = await Client.SendAsync(put);
        using var deleteResponse = await Client.SendAsync(delete);

        Assert.Equal(HttpStatusCode.PreconditionFailed, putResponse.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, deleteResponse.StatusCode);
    }

    [Fact]
    public async Task Put_WithTheETagWithoutItsWeakMarker_IsTheSameETag()
    {
        using var created = await Client.PostAsJsonAsync("api/contracts", Body("strong-form"));
        using var put = new HttpRequestMessage(HttpMethod.Put, "api/contracts/strong-form") { Content = JsonContent.Create(Body("strong-form", seats: 12)) };
        // EntityTagHeaderValue.Tag drops "W/": what a .NET client copying the tag sends.
        put.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.Tag);

        using var response = await Client.SendAsync(put);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_ExistingId_Answers409_InvalidAnswers422WithFieldErrors_MalformedJson400()
    {
        using var first = await Client.PostAsJsonAsync("api/contracts", Body("dup"));
        using var again = await Client.PostAsJsonAsync("api/contracts", Body("dup"));
        using var invalid = await Client.PostAsJsonAsync("api/contracts", Body("bad", seats: -1, currency: "XYZ"));
        using var malformed = await Client.PostAsync(new Uri("api/contracts", UriKind.Relative), new StringContent("{ \"id\": ", Encoding.UTF8, "application/json"));
        using var wrongType = await Client.PostAsync(new Uri("api/contracts", UriKind.Relative), new StringContent("<contract/>", Encoding.UTF8, "application/xml"));
        var errors = (await JsonAsync(invalid)).GetProperty("errors");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.True(errors.TryGetProperty("seats", out _));
        Assert.True(errors.TryGetProperty("currency", out _));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.DoesNotContain("   at ", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("what?")]
    public async Task Post_RowKeyUnsafeId_Answers422NamingId(string id)
    {
        using var response = await Client.PostAsJsonAsync("api/contracts", Body(id));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("id", out _));
    }

    [Fact]
    public async Task Import_ValidFile_CreatesAll_ThenReimportIsUnchanged()
    {
        var csv = Header + string.Concat(Enumerable.Range(1, 50).Select(i => Row(i)));

        using var first = await Client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), Csv(csv));
        using var second = await Client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), Csv(csv));
        var a = await JsonAsync(first);
        var b = await JsonAsync(second);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(50, a.GetProperty("created").GetInt32());
        Assert.Equal(0, b.GetProperty("created").GetInt32());
        Assert.Equal(50, b.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task Import_ThreeBadRowsAmongFifty_WritesNothingAndNamesEachLine()
    {
        var rows = Enumerable.Range(1, 50).Select(i => i switch
        {
            10 => Row(i, "ten"),          // line 11: not a number
            20 => Row(i, "-4"),           // line 21: negative
            30 => Row(i).Replace("EUR", "EURO", StringComparison.Ordinal), // line 31: unknown currency
            _ => Row(i),
        });

        using var response = await Client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), Csv(Header + string.Concat(rows)));
        var errors = (await JsonAsync(response)).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetString())).ToList();
        using var list = await Client.GetAsync(new Uri("api/contracts", UriKind.Relative));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal([(11, "seats"), (21, "seats"), (31, "currency")], errors);
        Assert.Empty((await JsonAsync(list)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Import_ReplaceMode_DeletesContractsMissingFromFile()
    {
        await Client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), Csv(Header + Row(1) + Row(2) + Row(3)));

        using var response = await Client.PostAsync(new Uri("api/contracts/import?mode=replace", UriKind.Relative), Csv(Header + Row(1) + Row(2, "20")));
        var counts = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((0, 1, 1, 1), (counts.GetProperty("created").GetInt32(), counts.GetProperty("updated").GetInt32(), counts.GetProperty("deleted").GetInt32(), counts.GetProperty("unchanged").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(new Uri("api/contracts/c003", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Import_BomQuotedCommasAndCrLf_AreRead()
    {
        var csv = "\uFEFF" + Header.Replace("\n", "\r\n", StringComparison.Ordinal) + "q1,\"Acme, Inc.\",\"Plan \"\"Pro\"\"\",csv,pro,5,10.00,USD,annual\r\n";

        using var response = await Client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), Csv(csv));
        var contract = await JsonAsync(await Client.GetAsync(new Uri("api/contracts/q1", UriKind.Relative)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Acme, Inc.", contract.GetProperty("vendor").GetString());
        Assert.Equal("Plan \"Pro\"", contract.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Import_EmptyFile_WrongContentType_HugeFile_AreRefused()
    {
        using var empty = await Client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), Csv(string.Empty));
        using var wrongType = await Client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), Csv(Header + Row(1), "application/json"));
        using var huge = await Client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), Csv(Header + new string('x', 6 * 1024 * 1024)));
        using var tooManyRows = await Client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), Csv(Header + string.Concat(Enumerable.Range(1, 10_001).Select(i => Row(i)))));
        using var badMode = await Client.PostAsync(new Uri("api/contracts/import?mode=merge", UriKind.Relative), Csv(Header + Row(1)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooManyRows.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badMode.StatusCode);
    }

    [Fact]
    public async Task SampleRegister_ImportExportReimport_ReportsAllUnchanged()
    {
        var sample = await File.ReadAllTextAsync(Path.Combine(BuildPaths.RepoRoot, "docs", "samples", "contracts.csv"));

        using var imported = await Client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), Csv(sample));
        var exported = await Client.GetStringAsync(new Uri("api/contracts?format=csv", UriKind.Relative));
        using var reimported = await Client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), Csv(exported));
        var counts = await JsonAsync(reimported);

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.True((await JsonAsync(imported)).GetProperty("created").GetInt32() >= 12);
        Assert.Equal(HttpStatusCode.OK, reimported.StatusCode);
        Assert.Equal(0, counts.GetProperty("created").GetInt32() + counts.GetProperty("updated").GetInt32() + counts.GetProperty("deleted").GetInt32());
        Assert.Equal((await JsonAsync(imported)).GetProperty("created").GetInt32(), counts.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task List_VendorFilterInjection_ReturnsOnlyMatching_AndPagesWithTokens()
    {
        await Client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), Csv(Header + string.Concat(Enumerable.Range(1, 9).Select(i => Row(i)))));

        var injected = await JsonAsync(await Client.GetAsync(new Uri("api/contracts?vendor=" + Uri.EscapeDataString("x' or PartitionKey ne '"), UriKind.Relative)));
        var vendor1 = await JsonAsync(await Client.GetAsync(new Uri("api/contracts?vendor=Vendor1", UriKind.Relative)));
        var page1 = await JsonAsync(await Client.GetAsync(new Uri("api/contracts?top=4", UriKind.Relative)));
        var token = page1.GetProperty("continuationToken").GetString();
        var page2 = await JsonAsync(await Client.GetAsync(new Uri($"api/contracts?top=4&continuationToken={Uri.EscapeDataString(token!)}", UriKind.Relative)));
        using var tampered = await Client.GetAsync(new Uri("api/contracts?continuationToken=not-a-token", UriKind.Relative));
        using var badTop = await Client.GetAsync(new Uri("api/contracts?top=5000", UriKind.Relative));

        Assert.Empty(injected.GetProperty("items").EnumerateArray());
        Assert.Equal(3, vendor1.GetProperty("items").GetArrayLength());     // c001, c004, c007
        Assert.Equal(4, page1.GetProperty("items").GetArrayLength());
        Assert.Equal(4, page2.GetProperty("items").GetArrayLength());
        Assert.Empty(page1.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString())
            .Intersect(page2.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString())));
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTop.StatusCode);
    }
}
