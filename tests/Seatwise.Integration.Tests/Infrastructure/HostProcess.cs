using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Seatwise.Integration.Tests.Infrastructure;

/// <summary>The local host as its own process (for kills and signals), with what it printed.</summary>
public sealed class HostProcess : IDisposable
{
    private HostProcess(Process process) => Process = process;

    public Process Process { get; }

    public ConcurrentQueue<string> Output { get; } = new();

    public static HostProcess Start(int port, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = BuildPaths.RepoRoot };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Seatwise.Local.dll"), "--port", port.ToString(CultureInfo.InvariantCulture), "--no-azurite", "--no-timers" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var host = new HostProcess(Process.Start(start)!);
        host.Process.OutputDataReceived += (_, e) => Add(host, e.Data);
        host.Process.ErrorDataReceived += (_, e) => Add(host, e.Data);
        host.Process.BeginOutputReadLine();
        host.Process.BeginErrorReadLine();
        return host;
    }

    private static void Add(HostProcess host, string? line)
    {
        if (line is not null)
        {
            host.Output.Enqueue(line);
        }
    }

    public static async Task WaitHealthyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("api/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the local host did not become healthy");
    }

    /// <summary>Waits until the host printed a line containing <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the host did not print '{text}'; it printed:{Environment.NewLine}{string.Join(Environment.NewLine, Output)}");
            }

            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }
}
