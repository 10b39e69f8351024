namespace Seatwise.Infra.Tests;

/// <summary>The Bicep CLI from its NuGet package (no download at run time).</summary>
internal static class BicepCli
{
    public static string Path
    {
        get
        {
            var path = System.IO.Path.Combine(Tool.Metadata("BicepPackage"), "tools", "bicep");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
            }

            return path;
        }
    }
}
