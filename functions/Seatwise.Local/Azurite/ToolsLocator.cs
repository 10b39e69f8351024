namespace Seatwise.Local.Azurite;

/// <summary>Finds the repo's <c>tools/</c> folder (the one whose package.json pins Azurite).</summary>
public static class ToolsLocator
{
    public static string FindToolsDirectory(string? configuredPath = null)
    {
        var configured = configuredPath ?? Environment.GetEnvironmentVariable("Seatwise__ToolsPath");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured);
            return File.Exists(Path.Combine(full, "package.json"))
                ? full
                : throw new AzuriteException($"Seatwise__ToolsPath is {full}, which has no package.json for Azurite.");
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tools", "package.json");
                if (File.Exists(candidate) && File.ReadAllText(candidate).Contains("\"azurite\"", StringComparison.Ordinal))
                {
                    return Path.Combine(dir.FullName, "tools");
                }
            }
        }

        throw new AzuriteException(
            "Could not find the Seatwise tools/ folder (with Azurite's package.json) above the current directory. " +
            "Run from the repository, or set Seatwise__ToolsPath.");
    }

    /// <summary>The repository root (the folder holding tools/), used for local data such as .seatwise/.</summary>
    public static string FindRepoRoot() => Path.GetDirectoryName(FindToolsDirectory())!;
}
