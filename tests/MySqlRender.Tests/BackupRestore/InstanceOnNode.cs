using System.Text;
using k8s.Models;
using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>
/// A rendered instance applied to a model node (<see cref="KubeletNode"/>): its server pod runs the rendered
/// Deployment through the mysql image's entrypoint model on Debian's MariaDB, its Jobs and CronJobs run as pods
/// that find the server through the Service name. Admin SQL goes over the server's socket as root@localhost (what
/// `kubectl exec` into the mysql container gives a DBA).
/// </summary>
public sealed class InstanceOnNode : IDisposable
{
    private readonly string work;
    private KubeletPod? server;

    public InstanceOnNode(string work, RenderedInstance instance, bool asRelease01 = false)
    {
        this.work = Directory.CreateDirectory(work).FullName;
        Node = new KubeletNode(KubeletNode.NewRoot());
        AsRelease01 = asRelease01;
        Apply(instance);
    }

    /// <summary>
    /// Whether the server pod is 0.1's (<see cref="Release01Deployment"/>): no server-init, the data directory at the
    /// volume root. Otherwise it is exactly the rendered Deployment.
    /// </summary>
    public bool AsRelease01 { get; set; }

    public KubeletNode Node { get; }

    public RenderedInstance Instance { get; private set; } = null!;

    public KubeletPod Server => server ?? throw new InvalidOperationException("the server pod is not running");

    /// <summary>A sync of a new rendering: objects are created or replaced (nothing is pruned; see <see cref="Prune"/>).</summary>
    public void Apply(RenderedInstance instance)
    {
        Instance = instance;
        if (AsRelease01)
        {
            foreach (var deployment in instance.Objects.OfType<V1Deployment>())
            {
                Release01Deployment.Apply(deployment);
            }
        }
        Node.Apply(instance.Objects);
    }

    public void Prune(string kind, string name) => Node.Cluster.Delete(kind, name);

    public V1Deployment Deployment => Instance.Objects.OfType<V1Deployment>().Single();

    public string DataClaim => Deployment.Spec.Template.Spec.Volumes.Single(v => v.Name == "data").PersistentVolumeClaim.ClaimName;

    /// <summary>Starts the server pod and waits until it is Ready (its address is published through the Service).</summary>
    public KubeletPod StartServer(bool waitReady = true)
    {
        server = Node.StartDeployment(Deployment.Metadata.Name);
        if (waitReady)
        {
            var pod = server;
            pod.WaitFor(() => pod.Ready || pod.Restarts("mysql") >= 2 || pod.Restarts("server-init") >= 1, TimeSpan.FromSeconds(120));
            Assert.True(pod.Ready, $"the server pod did not become Ready ({pod.Restarts("mysql")} restarts):\n{pod.AllLogs()}");
        }
        return server;
    }

    public void StopServer()
    {
        server?.Terminate();
        server?.Dispose();
        server = null;
    }

    /// <summary>A new data directory: the server pod is deleted, its dynamically provisioned volume too, and a new one starts.</summary>
    public void NewDataDirectory()
    {
        StopServer();
        Node.Storage.DeleteProvisioned(DataClaim);
        StartServer();
    }

    public JobRun RunJob(string name, IReadOnlyDictionary<string, string>? overrides = null) =>
        Override(overrides, () => Node.RunJob(name));

    public JobRun RunCronJob(string name, IReadOnlyDictionary<string, string>? overrides = null) =>
        Override(overrides, () => Node.RunCronJob(name));

    /// <summary>The node folder of a claim.</summary>
    public string ClaimFolder(string claim) => Node.Storage.Claim(claim).Folder;

    /// <summary>Admin SQL as root@localhost over the server's socket; tab-separated rows without headers.</summary>
    public string Sql(string statements, string? password = null)
    {
        var options = Path.Combine(work, $"admin-{Guid.NewGuid():N}.cnf");
        File.WriteAllText(options, $"[client]\nuser=root\npassword=\"{OptionValue(password ?? RenderedPassword())}\"\n");
        try
        {
            var socket = Path.Combine(Server.VolumeFolder("run"), "mysqld.sock");
            var result = ProcessRunner.Run("mariadb",
                [$"--defaults-extra-file={options}", $"--socket={socket}", "--default-character-set=utf8mb4", "--batch", "--skip-column-names"],
                stdin: statements, timeout: TimeSpan.FromSeconds(60));
            Assert.True(result.ExitCode == 0, $"admin SQL failed: {result.Stderr}\n{statements}");
            return result.Stdout.TrimEnd('\n');
        }
        finally
        {
            File.Delete(options);
        }
    }

    public string RenderedPassword()
    {
        var secret = Instance.Objects.OfType<V1Secret>().Single();
        return Encoding.UTF8.GetString(secret.Data["password"]).TrimEnd('\n');
    }

    public void Dispose()
    {
        Node.Dispose();
    }

    private JobRun Override(IReadOnlyDictionary<string, string>? overrides, Func<JobRun> run)
    {
        if (overrides is null)
        {
            return run();
        }
        // Overrides replace rendered env values only (a shorter wait, a closed port); the test says why.
        var changed = new List<(V1Container, V1EnvVar Variable, string? Value)>();
        foreach (var pod in Instance.Objects.Select(PodSpecOf).OfType<V1PodSpec>())
        {
            foreach (var container in (pod.InitContainers ?? []).Concat(pod.Containers))
            {
                foreach (var variable in container.Env ?? [])
                {
                    if (overrides.TryGetValue(variable.Name, out var value))
                    {
                        changed.Add((container, variable, variable.Value));
                        variable.Value = value;
                        Assert.Null(variable.ValueFrom);
                    }
                }
            }
        }
        Assert.True(overrides.Keys.All(k => changed.Any(c => c.Variable.Name == k)), "an override names no rendered env variable");
        try
        {
            return run();
        }
        finally
        {
            foreach (var (_, variable, value) in changed)
            {
                variable.Value = value;
            }
        }
    }

    private static V1PodSpec? PodSpecOf(object o) => o switch
    {
        V1Job job => job.Spec.Template.Spec,
        V1CronJob cronJob => cronJob.Spec.JobTemplate.Spec.Template.Spec,
        _ => null,
    };

    private static string OptionValue(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
