using System.Globalization;
using System.Text;
using k8s.Models;

namespace MySqlRender.Tests.Kubelet;

public enum PodPhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// One pod run as the kubelet runs it (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/ and
/// .../init-containers/): volumes first; init containers one at a time, each to completion, in order (a failed one
/// fails the pod under restartPolicy Never and is retried otherwise); then every container at once, restarted per
/// restartPolicy with a back-off; the startup probe first, then readiness; the pod is Ready while every container is.
/// Terminating sends SIGTERM to every container, then SIGKILL after the grace period.
/// Not modelled: liveness probes, sidecar (restartPolicy Always) init containers, resource limits, the pod network
/// namespace (each pod has its own loopback address instead, see <see cref="LoopbackSubnet"/>), a back-off longer
/// than 4 s (the kubelet's starts at 10 s).
/// </summary>
public sealed class KubeletPod : IDisposable
{
    private readonly KubeletNode node;
    private readonly PodVolumes volumes;
    private readonly Dictionary<string, List<ContainerProcess>> runs = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly Thread thread;
    private readonly Lock gate = new();
    private volatile bool ready;
    private bool disposed;

    internal KubeletPod(KubeletNode node, PodContext context)
    {
        this.node = node;
        Context = context;
        Directory.CreateDirectory(context.Folder);
        HostsFile = Path.Combine(context.Folder, "etc-hosts");
        node.WriteHosts(HostsFile, context);
        volumes = new PodVolumes(context, node.Cluster, node.Storage);
        thread = new Thread(Run) { IsBackground = true, Name = "pod " + context.Name };
        thread.Start();
    }

    public PodContext Context { get; }

    public string Name => Context.Name;

    public PodPhase Phase { get; private set; } = PodPhase.Pending;

    public bool Ready => ready;

    public bool Terminating => stopping.IsCancellationRequested;

    internal string HostsFile { get; }

    public V1PodSpec Spec => Context.Spec;

    /// <summary>The log of a container's latest run (`kubectl logs`); every run's with <paramref name="allRuns"/>.</summary>
    public string Logs(string container, bool allRuns = false)
    {
        lock (gate)
        {
            if (!runs.TryGetValue(container, out var list) || list.Count == 0)
            {
                return "";
            }
            return allRuns ? string.Join("", list.Select(r => r.Log)) : list[^1].Log;
        }
    }

    /// <summary>Every container's log, init containers first, in the order they ran.</summary>
    public string AllLogs()
    {
        var names = (Spec.InitContainers ?? []).Concat(Spec.Containers).Select(c => c.Name);
        return string.Concat(names.Select(n => Logs(n, allRuns: true)));
    }

    public int Restarts(string container)
    {
        lock (gate)
        {
            return runs.TryGetValue(container, out var list) ? Math.Max(0, list.Count - 1) : 0;
        }
    }

    /// <summary>The exit code of a container's latest run, or null while it runs (or never ran).</summary>
    public int? ExitCode(string container)
    {
        lock (gate)
        {
            return runs.TryGetValue(container, out var list) && list.Count > 0 && list[^1].HasExited ? list[^1].ExitCode : null;
        }
    }

    /// <summary>
    /// The container's termination message as the pod status shows it: what it wrote to terminationMessagePath
    /// (/dev/termination-log); under terminationMessagePolicy FallbackToLogsOnError, when that file is empty and the
    /// container failed, the tail of its log, "limited to 2048 bytes or 80 lines, whichever is smaller" (Kubernetes
    /// docs, "Determine the Reason for Pod Failure", Customizing the termination message).
    /// </summary>
    public string TerminationMessage(string container)
    {
        var file = TerminationLogFile(container);
        var written = File.Exists(file) ? File.ReadAllText(file) : "";
        var spec = (Spec.InitContainers ?? []).Concat(Spec.Containers).Single(c => c.Name == container);
        if (written.Length > 0 || spec.TerminationMessagePolicy != "FallbackToLogsOnError" || ExitCode(container) is null or 0)
        {
            return written;
        }
        var lines = Logs(container).Split('\n');
        var tail = string.Join('\n', lines[Math.Max(0, lines.Length - 81)..]); // 80 lines and the final newline's empty rest
        var bytes = Encoding.UTF8.GetBytes(tail);
        return bytes.Length <= 2048 ? tail : Encoding.UTF8.GetString(bytes[^2048..]);
    }

    /// <summary>`kubectl exec` into a running container.</summary>
    public CliResult Exec(string container, IReadOnlyList<string> command, string? stdin = null, int timeoutSeconds = 60)
    {
        ContainerProcess run;
        lock (gate)
        {
            run = runs[container][^1];
        }
        Assert.False(run.HasExited, $"container {container} of {Name} is not running");
        return run.Exec(command, TimeSpan.FromSeconds(timeoutSeconds), stdin);
    }

    /// <summary>The host folder of one of the pod's volumes (an emptyDir's, to look at what a container left).</summary>
    public string VolumeFolder(string volume, string? subPath = null) =>
        volumes.Source(new V1VolumeMount { Name = volume, MountPath = "/", SubPath = subPath }).Source;

    /// <summary>What the containers left in the pod's emptyDir volumes (a script must clean up its credentials files).</summary>
    public IReadOnlyList<string> EmptyDirLeftovers() => [.. (Spec.Volumes ?? []).Where(v => v.EmptyDir is not null)
        .SelectMany(v => Directory.EnumerateFileSystemEntries(VolumeFolder(v.Name)))];

    public bool WaitReady(TimeSpan timeout) => WaitFor(() => ready, timeout);

    public bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }
            if (Phase is PodPhase.Failed or PodPhase.Succeeded)
            {
                return condition();
            }
            Thread.Sleep(100);
        }
        return condition();
    }

    /// <summary>Waits for a pod whose containers end (restartPolicy Never or OnFailure) to succeed or fail.</summary>
    public PodPhase WaitForCompletion(TimeSpan timeout)
    {
        if (!thread.Join(timeout))
        {
            Kill();
            Assert.Fail($"pod {Name} did not finish within {timeout.TotalSeconds} s:\n{AllLogs()}");
        }
        return Phase;
    }

    /// <summary>Graceful deletion: SIGTERM to every container, SIGKILL after terminationGracePeriodSeconds.</summary>
    public void Terminate(int? graceSeconds = null)
    {
        stopping.Cancel();
        node.PodChanged();
        var grace = TimeSpan.FromSeconds(graceSeconds ?? (int)(Spec.TerminationGracePeriodSeconds ?? 30));
        foreach (var run in Running())
        {
            run.Signal("TERM");
        }
        var deadline = DateTime.UtcNow + grace;
        foreach (var run in Running())
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !run.WaitForExit(left))
            {
                run.Signal("KILL");
            }
        }
        thread.Join(TimeSpan.FromSeconds(30));
    }

    /// <summary>A node crash or `kill -9`: every container dies at once.</summary>
    public void Kill()
    {
        stopping.Cancel();
        node.PodChanged();
        foreach (var run in Running())
        {
            run.Signal("KILL");
        }
        thread.Join(TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        if (thread.IsAlive)
        {
            Kill();
        }
        lock (gate)
        {
            foreach (var run in runs.Values.SelectMany(r => r))
            {
                run.Dispose();
            }
        }
        volumes.Dispose();
    }

    private IEnumerable<ContainerProcess> Running()
    {
        lock (gate)
        {
            return [.. runs.Values.Select(r => r[^1]).Where(r => !r.HasExited)];
        }
    }

    private string RestartPolicy => Spec.RestartPolicy ?? "Always";

    private void Run()
    {
        try
        {
            if (RunInitContainers() && !Terminating)
            {
                Phase = PodPhase.Running;
                RunContainers();
            }
        }
        catch (Exception e)
        {
            lock (gate)
            {
                runs.TryAdd("kubelet", []);
            }
            File.WriteAllText(Path.Combine(Context.Folder, "kubelet-error"), e.ToString());
            Phase = PodPhase.Failed;
        }
        ready = false;
        node.PodChanged();
    }

    private bool RunInitContainers()
    {
        foreach (var container in Spec.InitContainers ?? [])
        {
            var backoff = TimeSpan.FromMilliseconds(500);
            while (true)
            {
                var run = Start(container);
                while (!run.WaitForExit(TimeSpan.FromMilliseconds(200)))
                {
                    if (Terminating)
                    {
                        run.WaitForExit(TimeSpan.FromSeconds(60));
                        Phase = PodPhase.Failed;
                        return false;
                    }
                }
                if (run.ExitCode == 0)
                {
                    break;
                }
                if (RestartPolicy == "Never" || Terminating)
                {
                    Phase = PodPhase.Failed;
                    return false;
                }
                if (stopping.Token.WaitHandle.WaitOne(backoff))
                {
                    Phase = PodPhase.Failed;
                    return false;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(4).Ticks));
            }
        }
        return true;
    }

    private void RunContainers()
    {
        var states = Spec.Containers.Select(c => new ContainerState(c, Start(c))).ToList();
        while (true)
        {
            foreach (var state in states)
            {
                state.Step(this);
            }
            var allReady = states.All(s => s.Ready);
            if (allReady != ready)
            {
                ready = allReady && !Terminating;
                node.PodChanged();
            }
            if (states.All(s => s.Finished))
            {
                Phase = states.All(s => s.Current.ExitCode == 0) ? PodPhase.Succeeded : PodPhase.Failed;
                return;
            }
            if (Terminating && states.All(s => s.Current.HasExited))
            {
                Phase = PodPhase.Failed;
                return;
            }
            Thread.Sleep(ContainerProbe.Period);
        }
    }

    /// <summary>The kubelet's view of one container: its current run, probes, restarts.</summary>
    private sealed class ContainerState(V1Container spec, ContainerProcess current)
    {
        private ContainerProbe? startup = spec.StartupProbe is null ? null : new ContainerProbe(spec.StartupProbe);
        private ContainerProbe? readiness = spec.ReadinessProbe is null ? null : new ContainerProbe(spec.ReadinessProbe);
        private DateTime restartAt = DateTime.MaxValue;
        private TimeSpan backoff = TimeSpan.FromMilliseconds(500);

        public ContainerProcess Current { get; private set; } = current;

        public bool Finished { get; private set; }

        public bool Ready => !Current.HasExited && (startup?.Passing ?? true) && (readiness?.Passing ?? true);

        public void Step(KubeletPod pod)
        {
            if (Finished)
            {
                return;
            }
            if (Current.HasExited)
            {
                var policy = pod.RestartPolicy;
                var again = !pod.Terminating && (policy == "Always" || (policy == "OnFailure" && Current.ExitCode != 0));
                if (!again)
                {
                    Finished = true;
                    return;
                }
                if (restartAt == DateTime.MaxValue)
                {
                    restartAt = DateTime.UtcNow + backoff;
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(4).Ticks));
                }
                if (DateTime.UtcNow >= restartAt)
                {
                    restartAt = DateTime.MaxValue;
                    Current = pod.Start(spec);
                    startup = spec.StartupProbe is null ? null : new ContainerProbe(spec.StartupProbe);
                    readiness = spec.ReadinessProbe is null ? null : new ContainerProbe(spec.ReadinessProbe);
                }
                return;
            }
            if (startup is { Passing: false })
            {
                startup.RunOnce(Current);
                if (startup.FailedThreshold)
                {
                    Current.Signal("KILL"); // a failed startup probe restarts the container
                }
                return;
            }
            readiness?.RunOnce(Current);
        }
    }

    private string TerminationLogFile(string container) => Path.Combine(Context.Folder, "termination", container);

    private ContainerProcess Start(V1Container container)
    {
        var image = ContainerImage.For(container.Image, node.Images);
        var env = ContainerEnvironment.Resolve(container, Context, node.Cluster, image);
        var argv = (container.Command is { Count: > 0 } command
                ? command.Concat(container.Args ?? [])
                : image.Entrypoint.Concat(container.Args is { Count: > 0 } args ? args : image.Cmd))
            .Select(a => ContainerEnvironment.Expand(a, env)).ToList();
        var user = UserOf(container, image);
        var table = MountTable(container, image, user);
        var run = new ContainerProcess(container.Name, argv, env, table, user, container.WorkingDir ?? "/");
        lock (gate)
        {
            if (!runs.TryGetValue(container.Name, out var list))
            {
                runs[container.Name] = list = [];
            }
            list.Add(run);
        }
        return run;
    }

    private ContainerUser? UserOf(V1Container container, ContainerImage image)
    {
        var pod = Spec.SecurityContext;
        var own = container.SecurityContext;
        var uid = own?.RunAsUser ?? pod?.RunAsUser;
        if ((own?.RunAsNonRoot ?? pod?.RunAsNonRoot) == true)
        {
            // The images modelled here have no USER line, so an unset runAsUser means root.
            Assert.True(uid is > 0, $"container {container.Name}: runAsNonRoot with a root user (CreateContainerConfigError)");
        }
        if (uid is null)
        {
            return null;
        }
        var gid = own?.RunAsGroup ?? pod?.RunAsGroup ?? 0;
        var groups = new List<long> { gid };
        if (pod?.FsGroup is { } fsGroup)
        {
            groups.Add(fsGroup);
        }
        groups.AddRange((pod?.SupplementalGroups ?? []).OfType<long>());
        return new ContainerUser(uid.Value, gid, [.. groups.Distinct()], NoNewPrivileges: own?.AllowPrivilegeEscalation == false);
    }

    private string MountTable(V1Container container, ContainerImage image, ContainerUser? user)
    {
        var lines = new List<string>();
        var imageFolder = Path.Combine(Context.Folder, "image-files", container.Name);
        foreach (var (path, content) in image.Files(Context))
        {
            var file = Path.Combine(imageFolder, path.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, content);
            File.SetUnixFileMode(file, (UnixFileMode)Convert.ToInt32("644", 8));
            lines.Add($"bind\t{file}\t{path}\tro");
        }
        lines.Add($"bind\t{HostsFile}\t/etc/hosts\tro");
        var termination = TerminationLogFile(container.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(termination)!);
        File.WriteAllText(termination, "");
        File.SetUnixFileMode(termination, (UnixFileMode)Convert.ToInt32("666", 8));
        lines.Add($"bind\t{termination}\t{container.TerminationMessagePath ?? "/dev/termination-log"}\trw");
        foreach (var mount in (container.VolumeMounts ?? []).OrderBy(m => m.MountPath.Count(c => c == '/')))
        {
            Assert.False(node.Root.StartsWith(mount.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal),
                $"mountPath {mount.MountPath} would hide the model node's folder {node.Root}");
            var (source, readOnly) = volumes.Source(mount);
            lines.Add($"bind\t{source}\t{mount.MountPath}\t{(readOnly ? "ro" : "rw")}");
        }
        if (container.SecurityContext?.ReadOnlyRootFilesystem == true)
        {
            lines.Add("rootfs\tro");
        }
        if (user is not null)
        {
            lines.Add(user.Line);
        }
        var table = Path.Combine(Context.Folder, "mount-tables", $"{container.Name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.GetDirectoryName(table)!);
        File.WriteAllText(table, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
        return table;
    }

    public override string ToString() => $"pod {Name} ({Phase}{(ready ? ", Ready" : "")})";

    internal static string Suffix() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..5].ToString(CultureInfo.InvariantCulture);
}
