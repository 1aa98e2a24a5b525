using System.Text;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>
/// Reads every process's argv (/proc/PID/cmdline) in a loop until disposed, recording those that contain a secret.
/// A scripts' run is long enough (many client processes, each living for milliseconds or more) for a client started
/// with the password in its argv to be seen; the positive control in the test proves the sampler sees such argv.
/// </summary>
public sealed class ArgvSampler : IDisposable
{
    private readonly byte[] needle;
    private readonly CancellationTokenSource stop = new();
    private readonly Thread thread;
    private readonly List<string> hits = [];

    public ArgvSampler(string secret)
    {
        needle = Encoding.UTF8.GetBytes(secret);
        thread = new Thread(Loop) { IsBackground = true };
        thread.Start();
    }

    public int Rounds { get; private set; }

    public IReadOnlyList<string> Hits
    {
        get
        {
            lock (hits)
            {
                return [.. hits];
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        thread.Join();
    }

    private void Loop()
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                var pid = Path.GetFileName(dir);
                if (pid.Length == 0 || !pid.All(char.IsAsciiDigit))
                {
                    continue;
                }
                byte[] argv;
                try
                {
                    argv = File.ReadAllBytes(Path.Combine(dir, "cmdline"));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue; // the process ended meanwhile
                }
                if (argv.AsSpan().IndexOf(needle) >= 0)
                {
                    lock (hits)
                    {
                        hits.Add($"pid {pid}: {Encoding.UTF8.GetString(argv).Replace('\0', ' ')}");
                    }
                }
            }
            Rounds++;
        }
    }
}
