using System.Text;
using k8s.Models;

namespace MySqlRender.Tests.Kubelet;

/// <summary>
/// A one-node cluster as far as the rendered objects can tell: the API objects (<see cref="ClusterObjects"/>), the
/// node's storage, pod addresses, the controllers that turn a Deployment, Job or CronJob into pods, and Service names.
/// Names: every pod gets its own /etc/hosts (the kubelet manages that file too), holding the pod's own name and
/// each Service's names (NAME, NAME.NAMESPACE, NAME.NAMESPACE.svc, NAME.NAMESPACE.svc.cluster.local). A headless
/// Service (clusterIP: None) resolves to the addresses of the Ready, non-terminating pods its selector matches, and to
/// nothing otherwise, as its DNS records do (https://kubernetes.io/docs/concepts/services-networking/service/#headless-services);
/// with publishNotReadyAddresses it resolves to those pods whether they are Ready or not (their address exists from
/// the pod's start, while init containers run);
/// the files are rewritten in place whenever readiness changes. Not modelled: Services with a cluster IP, ports other
/// than the pod's own, DNS search domains.
/// </summary>
public sealed class KubeletNode : IDisposable
{
    private readonly List<KubeletPod> pods = [];
    private readonly LoopbackSubnet subnet = LoopbackSubnet.Allocate();
    private readonly string root;
    private int podCount;

    public KubeletNode(string root)
    {
        this.root = Directory.CreateDirectory(root).FullName;
        File.SetUnixFileMode(this.root, (UnixFileMode)Convert.ToInt32("755", 8));
        Cluster = new ClusterObjects();
        Storage = new NodeStorage(Path.Combine(this.root, "node"), Cluster);
        RequireTools();
    }

    public ClusterObjects Cluster { get; }

    /// <summary>
    /// A fresh node folder under /var/tmp: outside every path a rendered pod mounts over (a container's /tmp mount
    /// would hide a node folder under /tmp from the mounts that follow it); short, for socket paths.
    /// </summary>
    public static string NewRoot() => Path.Combine("/var/tmp", $"mrk-{Guid.NewGuid():N}"[..16]);

    /// <summary>The node's folder; no container may mount over it or a parent of it.</summary>
    public string Root => root;

    public NodeStorage Storage { get; }

    /// <summary>Image models beyond the mysql image, by repository (another stream's rclone image, for example).</summary>
    public Dictionary<string, ContainerImage> Images { get; } = [];

    public void Apply(IEnumerable<object> objects) => Cluster.Apply(objects);

    /// <summary>One pod of a Deployment (replicas 1, strategy Recreate: the caller deletes the old pod first).</summary>
    public KubeletPod StartDeployment(string name)
    {
        var deployment = Cluster.Find<V1Deployment>("Deployment", name) ?? throw new InvalidOperationException($"no Deployment {name}");
        Assert.True(deployment.Spec.Replicas is null or 1, "the model runs one replica");
        return StartPod($"{name}-{KubeletPod.Suffix()}-{KubeletPod.Suffix()}", deployment.Metadata.NamespaceProperty, deployment.Spec.Template);
    }

    /// <summary>Runs a Job to completion (backoffLimit, activeDeadlineSeconds) as the Job controller would.</summary>
    public JobRun RunJob(string name, TimeSpan? timeout = null, Action<KubeletPod>? whileRunning = null)
    {
        var job = Cluster.Find<V1Job>("Job", name) ?? throw new InvalidOperationException($"no Job {name}");
        return RunJobSpec(name, job.Metadata.NamespaceProperty, job.Spec, timeout, whileRunning);
    }

    /// <summary>One run of a CronJob's jobTemplate (a scheduled run, or `kubectl create job --from=cronjob/NAME`).</summary>
    public JobRun RunCronJob(string name, TimeSpan? timeout = null, Action<KubeletPod>? whileRunning = null)
    {
        var cronJob = Cluster.Find<V1CronJob>("CronJob", name) ?? throw new InvalidOperationException($"no CronJob {name}");
        return RunJobSpec($"{name}-{DateTime.UtcNow:yyyyMMddHHmm}", cronJob.Metadata.NamespaceProperty, cronJob.Spec.JobTemplate.Spec, timeout, whileRunning);
    }

    /// <summary>Starts a Job's pod without waiting (a hook that a test terminates half-way).</summary>
    public KubeletPod StartJobPod(string name)
    {
        var job = Cluster.Find<V1Job>("Job", name) ?? throw new InvalidOperationException($"no Job {name}");
        return StartPod($"{name}-{KubeletPod.Suffix()}", job.Metadata.NamespaceProperty, job.Spec.Template);
    }

    public KubeletPod StartPod(string podName, string? ns, V1PodTemplateSpec template)
    {
        var index = Interlocked.Increment(ref podCount);
        var metadata = new V1ObjectMeta
        {
            Name = podName,
            NamespaceProperty = ns ?? "default",
            Labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>()),
            Annotations = new Dictionary<string, string>(template.Metadata?.Annotations ?? new Dictionary<string, string>()),
        };
        var context = new PodContext(podName, ns ?? "default", metadata, template.Spec, subnet.NextAddress(),
            Path.Combine(root, "pods", $"{index}-{podName}"));
        var pod = new KubeletPod(this, context);
        lock (pods)
        {
            pods.Add(pod);
        }
        PodChanged();
        return pod;
    }

    /// <summary>The address a Service name resolves to now (null when it has no ready endpoint).</summary>
    public string? Resolve(string serviceName) => Endpoints().FirstOrDefault(e => e.Name == serviceName).Address;

    public void Dispose()
    {
        List<KubeletPod> all;
        lock (pods)
        {
            all = [.. pods];
        }
        foreach (var pod in all)
        {
            pod.Dispose();
        }
        if (Environment.GetEnvironmentVariable("MYSQLRENDER_KEEP_NODES") != "1")
        {
            Directory.Delete(root, recursive: true);
        }
    }

    internal void PodChanged()
    {
        List<KubeletPod> all;
        lock (pods)
        {
            all = [.. pods];
        }
        lock (this)
        {
            foreach (var pod in all)
            {
                WriteHosts(pod.HostsFile, pod.Context);
            }
        }
    }

    internal void WriteHosts(string file, PodContext pod)
    {
        var text = new StringBuilder("127.0.0.1\tlocalhost\n");
        text.Append(pod.Address).Append('\t').Append(pod.Name).Append('\n');
        foreach (var (name, ns, address) in Endpoints())
        {
            text.Append(address).Append('\t').Append(string.Join(' ', name, $"{name}.{ns}", $"{name}.{ns}.svc", $"{name}.{ns}.svc.cluster.local")).Append('\n');
        }
        lock (this)
        {
            // In place (same inode): the file is bind-mounted into running containers.
            using var stream = new FileStream(file, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            stream.SetLength(0);
            stream.Write(bytes);
        }
        File.SetUnixFileMode(file, (UnixFileMode)Convert.ToInt32("644", 8));
    }

    private IEnumerable<(string Name, string Namespace, string Address)> Endpoints()
    {
        List<KubeletPod> all;
        lock (pods)
        {
            all = [.. pods];
        }
        foreach (var service in Cluster.All<V1Service>())
        {
            Assert.True(service.Spec.ClusterIP == "None", $"Service {service.Metadata.Name}: only headless Services are modelled");
            var ns = service.Metadata.NamespaceProperty ?? "default";
            var notReadyToo = service.Spec.PublishNotReadyAddresses == true;
            foreach (var pod in all.Where(p => (p.Ready || notReadyToo) && !p.Terminating && p.Context.Namespace == ns
                && (service.Spec.Selector ?? new Dictionary<string, string>()).All(s => p.Context.Labels.TryGetValue(s.Key, out var v) && v == s.Value)))
            {
                yield return (service.Metadata.Name, ns, pod.Context.Address);
            }
        }
    }

    private JobRun RunJobSpec(string jobName, string? ns, V1JobSpec spec, TimeSpan? timeout, Action<KubeletPod>? whileRunning)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(spec.ActiveDeadlineSeconds is { } deadline ? Math.Min(deadline, 180) : 180);
        var started = DateTime.UtcNow;
        var attempts = new List<KubeletPod>();
        for (var attempt = 0; attempt <= (spec.BackoffLimit ?? 6); attempt++)
        {
            var pod = StartPod($"{jobName}-{KubeletPod.Suffix()}", ns, spec.Template);
            attempts.Add(pod);
            whileRunning?.Invoke(pod);
            var left = limit - (DateTime.UtcNow - started);
            if (!pod.WaitFor(() => pod.Phase is PodPhase.Succeeded or PodPhase.Failed, left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                pod.Terminate(); // activeDeadlineSeconds: the Job controller deletes its running pods
                return new JobRun(attempts, DeadlineExceeded: true);
            }
            if (pod.Phase == PodPhase.Succeeded)
            {
                break;
            }
        }
        return new JobRun(attempts, DeadlineExceeded: false);
    }

    private static void RequireTools()
    {
        foreach (var tool in new[] { "unshare", "setpriv", "nsenter", "setsid", "mount" })
        {
            ExternalTool.Require(tool, "apt-get install util-linux mount");
        }
        ExternalTool.Require("mariadbd", "apt-get install mariadb-server");
        ExternalTool.Require("mariadb-install-db", "apt-get install mariadb-server");
        ExternalTool.Require("mariadb", "apt-get install mariadb-client");
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("MYSQLRENDER_CI") != "1")
        {
            Assert.Skip("the kubelet model needs root (mount namespaces, setpriv)");
        }
    }
}

/// <summary>The pods a Job ran, the last one deciding its outcome.</summary>
public sealed record JobRun(IReadOnlyList<KubeletPod> Pods, bool DeadlineExceeded)
{
    public KubeletPod Last => Pods[^1];

    public bool Succeeded => !DeadlineExceeded && Last.Phase == PodPhase.Succeeded;

    /// <summary>The exit code of the container that decided the last pod (the first that failed, else the last one).</summary>
    public int ExitCode
    {
        get
        {
            var names = (Last.Spec.InitContainers ?? []).Concat(Last.Spec.Containers).Select(c => c.Name).ToList();
            var codes = names.Select(n => Last.ExitCode(n)).ToList();
            return codes.FirstOrDefault(c => c is not null and not 0) ?? codes.LastOrDefault(c => c is not null) ?? -1;
        }
    }

    /// <summary>Every container log of every pod, in order (what `kubectl logs job/NAME --all-containers` shows, per attempt).</summary>
    public string Output => string.Concat(Pods.Select(p => p.AllLogs()));

    public override string ToString() => $"exit {ExitCode}{(DeadlineExceeded ? " (deadline exceeded)" : "")}\n{Output}";
}
