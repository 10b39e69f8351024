using System.Text.Json;
using System.Text.Json.Serialization;

namespace Seatwise.Core.Apps;

/// <summary>One catalog entry: an app family of one vendor in one category.</summary>
public sealed record CatalogApp(string Category, string Vendor, IReadOnlyList<string> Match);

/// <summary>The curated SaaS catalog (<c>Apps/categories.json</c>, embedded): which apps overlap.</summary>
public sealed class AppCatalog
{
    // Declared before Default: static fields initialise in textual order and Load() needs these options.
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private AppCatalog(IReadOnlyList<CatalogApp> apps) => Apps = apps;

    public IReadOnlyList<CatalogApp> Apps { get; }

    public static AppCatalog Default { get; } = Load();

    public static AppCatalog Parse(string json)
    {
        var file = JsonSerializer.Deserialize<CatalogFile>(json, JsonOptions)
            ?? throw new FormatException("The app catalog is empty.");
        var apps = new List<CatalogApp>();
        foreach (var category in file.Categories ?? [])
        {
            if (string.IsNullOrWhiteSpace(category.Category))
            {
                throw new FormatException("An app catalog category has no name.");
            }

            foreach (var app in category.Apps ?? [])
            {
                if (string.IsNullOrWhiteSpace(app.Vendor) || app.Match is not { Count: > 0 } || app.Match.Any(string.IsNullOrWhiteSpace))
                {
                    throw new FormatException($"An app in category '{category.Category}' has no vendor or an empty match list.");
                }

                apps.Add(new CatalogApp(category.Category, app.Vendor, app.Match));
            }
        }

        return new AppCatalog(apps);
    }

    /// <summary>The catalog entry an app's display name matches, or null.</summary>
    public CatalogApp? Find(string displayName) =>
        Apps.FirstOrDefault(a => a.Match.Any(m => displayName.Contains(m, StringComparison.OrdinalIgnoreCase)));

    private static AppCatalog Load()
    {
        using var stream = typeof(AppCatalog).Assembly.GetManifestResourceStream("Seatwise.Core.Apps.categories.json")
            ?? throw new InvalidOperationException("The embedded app catalog is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private sealed record CatalogFile([property: JsonPropertyName("categories")] List<CategoryEntry>? Categories);

    private sealed record CategoryEntry(string Category, List<AppEntry>? Apps);

    private sealed record AppEntry(string Vendor, List<string>? Match);
}
