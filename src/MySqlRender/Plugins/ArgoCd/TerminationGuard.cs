using System.Runtime.InteropServices;

namespace MySqlRender.Plugins.ArgoCd;

/// <summary>
/// SIGTERM (sent by argocd-cmp-server to the process group when the request deadline passes): before the output is
/// committed the process exits at once with 143 and nothing on stdout; once committed, the signal is ignored so
/// the stream (already complete in memory, written in milliseconds) is never cut in half.
/// </summary>
public sealed class TerminationGuard : IDisposable
{
    public const int ExitCode = 143;

    private readonly Lock gate = new();
    private readonly TextWriter error;
    private readonly PosixSignalRegistration registration;
    private bool committed;

    public TerminationGuard(TextWriter error)
    {
        this.error = error;
        registration = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSigterm);
    }

    /// <summary>From here on the command finishes writing; call it right before the first byte goes to stdout.</summary>
    public void Commit()
    {
        lock (gate)
        {
            committed = true;
        }
    }

    private void OnSigterm(PosixSignalContext context)
    {
        lock (gate)
        {
            if (committed)
            {
                context.Cancel = true;
                return;
            }
            error.Write("mysqlrender: terminated by SIGTERM (request deadline?); nothing was written\n");
            error.Flush();
            Environment.Exit(ExitCode);
        }
    }

    public void Dispose() => registration.Dispose();
}
