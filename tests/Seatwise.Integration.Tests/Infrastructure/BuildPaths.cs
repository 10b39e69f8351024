using System.Reflection;

namespace Seatwise.Integration.Tests.Infrastructure;

/// <summary>Paths the build records in the test assembly (computed at build time, not committed).</summary>
public static class BuildPaths
{
    public static string FunctionsOutput => Read("FunctionsOutput");

    public static string RepoRoot => Read("RepoRoot");

    private static string Read(string key) =>
        typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
