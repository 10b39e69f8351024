using System.Globalization;

namespace Seatwise.Local;

/// <summary>Command-line options of the local host.</summary>
public sealed class LocalHostSettings
{
    public const int DefaultPort = 7071;

    public int Port { get; set; } = DefaultPort;

    public bool Demo { get; set; }

    public int DemoUsers { get; set; } = 500;

    public int DemoSeed { get; set; } = 42;

    /// <summary><c>--demo-tenants N</c>: tenants in the demo, the default one included (1 to <see cref="MaxDemoTenants"/>).</summary>
    public int DemoTenants { get; set; } = 1;

    public const int MaxDemoTenants = 50;

    /// <summary>Start Azurite when storage is the development account and nothing listens on its ports.</summary>
    public bool StartAzurite { get; set; } = true;

    /// <summary>Where a started Azurite keeps its data; null keeps it in memory (tests).</summary>
    public string? AzuriteLocation { get; set; }

    /// <summary>
    /// The largest demo whose data Azurite keeps on disk. Azurite saves each store as one JSON string and Node caps a
    /// string at 512 MB: the 100,000-user demo's table store reached 530,774,757 bytes before it reconciled its last
    /// contract, and Node aborted Azurite on the next save (about 9 KB per user and run, so room for a few runs of
    /// this size). Larger demos run on Azurite in memory.
    /// </summary>
    public const int LargestDemoOnDisk = 20_000;

    /// <summary>Where Azurite keeps the data under <paramref name="repoRoot"/>, or null (in memory) for a demo too large for its disk format.</summary>
    public string? AzuriteFolder(string repoRoot) =>
        Demo && DemoUsers > LargestDemoOnDisk ? null : Path.Combine(repoRoot, ".seatwise", "azurite");

    /// <summary>Ports for a started Azurite; the defaults unless a test asks for free ones.</summary>
    public Azurite.AzuritePorts AzuritePorts { get; set; } = Azurite.AzuritePorts.Default;

    public bool EnableTimers { get; set; } = true;

    /// <summary>The tools/ folder holding Azurite's package.json; found above the current directory when null.</summary>
    public string? ToolsPath { get; set; }

    /// <summary>The repository root, where the demo finds docs/samples/contracts.csv.</summary>
    public string? RepoRoot { get; set; }

    /// <summary>Extra service registrations after Seatwise's own (tests add sources or fakes here).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Settings that win over environment variables (tests use this).</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static string Usage =>
        """
        Seatwise local host: the Seatwise API, orchestrations and timers on this machine.

        Usage: dotnet run --project functions/Seatwise.Local -- [options]

          --port P          HTTP port (default 7071): http://127.0.0.1:P/api/...
          --demo            start the embedded demo tenant and run a sync against it
          --demo-users N    demo tenant size (default 500)
          --demo-seed S     demo tenant seed (default 42)
          --demo-tenants N  run N demo tenants in one deployment: the default one and N-1 registry tenants,
                            each smaller and with other sources (default 1, at most 50)
          --no-azurite      never start Azurite; use AzureWebJobsStorage as given
          --no-timers       do not fire the scheduled timers
          -h, --help        show this help

        Settings come from environment variables (Section__Key), e.g. AzureWebJobsStorage, Seatwise__TenantId,
        Api__Key. See README.md, section Configuration.
        """;

    /// <summary>Parses the arguments; returns null and an error message when they are wrong.</summary>
    public static (LocalHostSettings? Settings, string? Error, bool Help) Parse(IReadOnlyList<string> args)
    {
        var settings = new LocalHostSettings();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h" or "--help":
                    return (null, null, true);
                case "--demo":
                    settings.Demo = true;
                    break;
                case "--no-azurite":
                    settings.StartAzurite = false;
                    break;
                case "--no-timers":
                    settings.EnableTimers = false;
                    break;
                case "--port" or "--demo-users" or "--demo-seed" or "--demo-tenants":
                    if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                    {
                        return (null, $"{arg} needs a whole number.", false);
                    }

                    i++;
                    var error = arg switch
                    {
                        "--port" when value is < 1 or > 65535 => "--port must be between 1 and 65535.",
                        "--demo-users" when value is < 1 or > 1_000_000 => "--demo-users must be between 1 and 1000000.",
                        "--demo-tenants" when value is < 1 or > MaxDemoTenants => $"--demo-tenants must be between 1 and {MaxDemoTenants}.",
                        _ => null,
                    };
                    if (error is not null)
                    {
                        return (null, error, false);
                    }

                    if (arg == "--port")
                    {
                        settings.Port = value;
                    }
                    else if (arg == "--demo-users")
                    {
                        settings.DemoUsers = value;
                    }
                    else if (arg == "--demo-tenants")
                    {
                        settings.DemoTenants = value;
                    }
                    else
                    {
                        settings.DemoSeed = value;
                    }

                    break;
                default:
                    return (null, $"Unknown option '{arg}'.", false);
            }
        }

        return (settings, null, false);
    }
}
