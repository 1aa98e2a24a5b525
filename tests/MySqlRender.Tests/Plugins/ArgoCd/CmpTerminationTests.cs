using System.Runtime.InteropServices;

namespace MySqlRender.Tests.Plugins.ArgoCd;

/// <summary>
/// SIGTERM, as argocd-cmp-server sends it when the request deadline passes. The render is held up deterministically
/// (no sleeps): one input is a FIFO, and the test knows mysqlrender is reading it when its own open for writing succeeds.
/// </summary>
public sealed class CmpTerminationTests
{
    [Fact]
    public async Task Sigterm_during_generate_exits_promptly_with_nothing_on_stdout()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "FIFO and signal semantics are Linux's");
        using var repository = RepositoryCopy.Of("examples/argocd");
        var app = "examples/argocd/apps/shop-db";
        var fifo = repository.PathOf($"{app}/zz-fifo.yaml");
        Assert.Equal(0, MakeFifo(fifo, Convert.ToInt32("644", 8)));

        using var process = CmpSidecar.Start("generate", repository, new CmpRequest(app));
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var writer = OpenWriterOnceReading(fifo, process);
        try
        {
            Assert.Equal(0, Kill(process.Id, Sigterm));
            Assert.True(process.WaitForExit(CmpSidecar.Deadline), "mysqlrender ignored SIGTERM");
        }
        finally
        {
            Close(writer);
        }

        Assert.Equal(143, process.ExitCode);
        Assert.Equal("", await stdout);
        Assert.Contains("terminated by SIGTERM", await stderr);
    }

    /// <summary>A non-blocking open for writing fails (ENXIO) until a reader has the FIFO open.</summary>
    private static int OpenWriterOnceReading(string fifo, System.Diagnostics.Process process)
    {
        var deadline = DateTime.UtcNow + CmpSidecar.Deadline;
        while (true)
        {
            var fd = Open(fifo, OpenWriteOnly | OpenNonBlocking);
            if (fd >= 0)
            {
                return fd;
            }
            if (process.HasExited)
            {
                Assert.Fail($"mysqlrender exited ({process.ExitCode}) before reading the FIFO");
            }
            if (DateTime.UtcNow > deadline)
            {
                process.Kill();
                Assert.Fail("mysqlrender never opened the FIFO");
            }
            Thread.Sleep(10);
        }
    }

    private const int Sigterm = 15;
    private const int OpenWriteOnly = 0x1;
    private const int OpenNonBlocking = 0x800;

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo(string path, int mode);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(string path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
