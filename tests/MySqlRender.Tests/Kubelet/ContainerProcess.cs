using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MySqlRender.Tests.Kubelet;

/// <summary>Who a container runs as: runAsUser, runAsGroup, fsGroup plus supplementalGroups, allowPrivilegeEscalation.</summary>
public sealed record ContainerUser(long Uid, long Gid, IReadOnlyList<long> Groups, bool NoNewPrivileges)
{
    public string Line => string.Join('\t', "user", Uid, Gid, Groups.Count == 0 ? "-1" : string.Join(',', Groups), NoNewPrivileges ? "nnp" : "-");

    public IEnumerable<string> SetprivArgs()
    {
        yield return $"--reuid={Uid}";
        yield return $"--regid={Gid}";
        yield return Groups.Count == 0 ? "--clear-groups" : "--groups=" + string.Join(',', Groups);
        yield return "--inh-caps=-all";
        yield return "--bounding-set=-all";
        if (NoNewPrivileges)
        {
            yield return "--no-new-privs";
        }
    }
}

/// <summary>
/// One container's process: started in its own session (a process group the kubelet model signals as a whole)
/// and its own mount namespace (`unshare --mount`, private propagation) by container-launch.sh, which applies the
/// mounts, the read-only root and the user. Output (stdout and stderr, interleaved) is its log.
/// </summary>
public sealed class ContainerProcess : IDisposable
{
    private static readonly string Launcher = OutsideTmp.Copy(RepoPaths.Of("tests", "MySqlRender.Tests", "Kubelet", "container-launch.sh"));
    private readonly Process process;
    private readonly StringBuilder log = new();
    private readonly IReadOnlyDictionary<string, string> env;
    private readonly ContainerUser? user;
    private readonly string workingDir;
    private string pidText = "";
    private bool disposed;

    public ContainerProcess(string name, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> env, string mountTable,
        ContainerUser? user, string workingDir)
    {
        Name = name;
        this.env = env;
        this.user = user;
        this.workingDir = workingDir;
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var arg in new[] { "unshare", "--mount", "--propagation", "private", "--", "/bin/bash", Launcher, mountTable, "--" }.Concat(argv))
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Clear();
        foreach (var (key, value) in env)
        {
            info.Environment[key] = value;
        }
        process = new Process { StartInfo = info, EnableRaisingEvents = true };
        // When a container's main process ends, the runtime kills what is left in the container (its PID namespace).
        process.Exited += (_, _) => ProcessRunner.Run("kill", ["-KILL", "--", $"-{pidText}"]);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        pidText = process.Id.ToString(CultureInfo.InvariantCulture);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode
    {
        get
        {
            process.WaitForExit();
            return process.ExitCode;
        }
    }

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            return false;
        }
        process.WaitForExit(); // drains the output
        return true;
    }

    /// <summary>Sends a signal to the container's whole process group (what the runtime does on stop).</summary>
    public void Signal(string signal)
    {
        if (!process.HasExited)
        {
            ProcessRunner.Run("kill", [$"-{signal}", "--", $"-{Pid.ToString(CultureInfo.InvariantCulture)}"]);
        }
    }

    /// <summary>An exec into the running container (an exec probe, or `kubectl exec`): same mounts, user and env.</summary>
    public CliResult Exec(IReadOnlyList<string> command, TimeSpan timeout, string? stdin = null)
    {
        var args = new List<string> { $"--target={Pid}", "--mount", $"--wd={workingDir}", "--" };
        if (user is not null)
        {
            args.Add("setpriv");
            args.AddRange(user.SetprivArgs());
            args.Add("--");
        }
        args.AddRange(command);
        try
        {
            return ProcessRunner.Run("nsenter", args, environment: env.ToDictionary(e => e.Key, e => (string?)e.Value),
                stdin: stdin, timeout: timeout, clearEnvironment: true);
        }
        catch (TimeoutException e)
        {
            return new CliResult(124, "", e.Message);
        }
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        if (!process.HasExited)
        {
            Signal("KILL");
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            log.Append(line).Append('\n');
        }
    }
}
