using System.ComponentModel;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Seatwise.Local.Azurite;

/// <summary>The three ports Azurite serves on.</summary>
public sealed record AzuritePorts(int Blob, int Queue, int Table)
{
    public static readonly AzuritePorts Default = new(10000, 10001, 10002);

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        // The well-known, public development key of the Azurite/Storage Emulator account; not a secret.
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{Blob}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{Queue}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{Table}/devstoreaccount1;";

    /// <summary>Three ports nothing listens on right now.</summary>
    /// <summary>Three ports free now, all different: each is held until the others are chosen (a released port can be handed out again at once).</summary>
    public static AzuritePorts Free()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            var ports = listeners.Select(l => ((System.Net.IPEndPoint)l.LocalEndpoint).Port).ToList();
            return new(ports[0], ports[1], ports[2]);
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }
}

/// <summary>
/// Starts Azurite from the repo's <c>tools/</c> folder (installing it with <c>npm ci</c> on first use) and stops
/// exactly the process it started. Only the <c>node</c> process is started, never a shell, so its PID is the one
/// that is stopped.
/// </summary>
public sealed class AzuriteLauncher : IAsyncDisposable
{
    private readonly Process _process;
    private volatile bool _stopping;

    private AzuriteLauncher(Process process, AzuritePorts ports)
    {
        _process = process;
        Ports = ports;
    }

    /// <summary>
    /// Node's heap limit for Azurite, in MB: half the machine's memory, at least 4,096 and at most 16,384. Azurite
    /// keeps every table in memory; with Node's default limit (about 4 GB here) a 100,000-user demo run filled the
    /// heap and V8 aborted Azurite in the middle of the run.
    /// </summary>
    public static int HeapMegabytes(long totalMemoryBytes) => (int)Math.Clamp(totalMemoryBytes / 2 / (1024 * 1024), 4096, 16_384);

    public AzuritePorts Ports { get; }

    public int ProcessId => _process.Id;

    /// <summary>True when something accepts TCP connections on all three ports.</summary>
    public static async Task<bool> IsListeningAsync(AzuritePorts ports, CancellationToken cancellationToken = default)
    {
        foreach (var port in new[] { ports.Blob, ports.Queue, ports.Table })
        {
            if (!await IsPortOpenAsync(port, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    /// <param name="location">Folder for Azurite's data; null keeps everything in memory (tests).</param>
    public static async Task<AzuriteLauncher> StartAsync(AzuritePorts ports, string? location, Action<string>? progress, CancellationToken cancellationToken, string? toolsPath = null)
    {
        var tools = ToolsLocator.FindToolsDirectory(toolsPath);
        var node = FindNode();
        var entry = Path.Combine(tools, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(entry))
        {
            progress?.Invoke($"Installing Azurite in {tools} (npm ci, first use only)...");
            await NpmCiAsync(tools, cancellationToken);
            if (!File.Exists(entry))
            {
                throw new AzuriteException($"npm ci finished but {entry} is missing; delete {Path.Combine(tools, "node_modules")} and try again.");
            }
        }

        var start = new ProcessStartInfo(node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = tools,
        };
        foreach (var arg in new[]
        {
            $"--max-old-space-size={HeapMegabytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)}",
            entry, "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", ports.Blob.ToString(),
            "--queueHost", "127.0.0.1", "--queuePort", ports.Queue.ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", ports.Table.ToString(),
        })
        {
            start.ArgumentList.Add(arg);
        }

        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(location);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }

        var process = Process.Start(start) ?? throw new AzuriteException("node did not start.");
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var launcher = new AzuriteLauncher(process, ports);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                string text;
                lock (errors)
                {
                    text = errors.ToString().Trim();
                }

                throw new AzuriteException($"Azurite exited with code {process.ExitCode} before it was ready: {text}");
            }

            if (await IsListeningAsync(ports, cancellationToken))
            {
                // Azurite dying later (out of memory, killed) would otherwise show only as connection errors.
                process.EnableRaisingEvents = true;
                process.Exited += (_, _) =>
                {
                    if (launcher._stopping)
                    {
                        return;
                    }

                    string text;
                    lock (errors)
                    {
                        text = errors.ToString().Trim();
                    }

                    var last = text.Length > 600 ? "..." + text[^600..] : text;
                    progress?.Invoke($"Azurite stopped unexpectedly (exit code {process.ExitCode}){(last.Length > 0 ? ": " + last : string.Empty)}. Storage is unavailable until Seatwise is started again; the data in its folder is kept.");
                };
                return launcher;
            }

            await Task.Delay(100, cancellationToken);
        }

        await launcher.DisposeAsync();
        throw new AzuriteException($"Azurite did not open ports {ports.Blob}/{ports.Queue}/{ports.Table} within 30 s.");
    }

    /// <summary>SIGTERM first so Azurite flushes its data, SIGKILL if it has not exited after 5 s.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (_process.HasExited)
        {
            _process.Dispose();
            return;
        }

        try
        {
            if (OperatingSystem.IsWindows() || NativeMethods.Kill(_process.Id, NativeMethods.SigTerm) != 0)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static async Task<bool> IsPortOpenAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port, cts.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static string FindNode()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "node.exe" } : new[] { "node" };
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new AzuriteException(
            "Node.js was not found on PATH. Seatwise starts the Azurite storage emulator with Node 20 or later: " +
            "install Node.js, or start Azurite yourself, or set AzureWebJobsStorage to a reachable storage account.");
    }

    private static async Task NpmCiAsync(string tools, CancellationToken cancellationToken)
    {
        var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
        var start = new ProcessStartInfo(npm)
        {
            WorkingDirectory = tools,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new AzuriteException("npm did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new AzuriteException($"npm could not be started ({ex.Message}); install Node.js 20 or later with npm.");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                // npm prints its whole usage text on some errors: its first lines say what went wrong.
                var reason = string.Join(" ", ((await stderr) + "\n" + (await stdout)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(l => l.StartsWith("npm error ", StringComparison.Ordinal) ? l[10..] : l).Where(l => l.Length > 0 && l != "npm error").Take(3));
                throw new AzuriteException($"npm ci in {tools} failed with exit code {process.ExitCode}: {reason}");
            }
        }
    }

    private static partial class NativeMethods
    {
        public const int SigTerm = 15;

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }
}

public sealed class AzuriteException(string message) : Exception(message);
