using k8s.Models;

namespace MySqlRender.Tests.Kubelet;

/// <summary>
/// The kubelet model itself, against what Kubernetes documents: security context
/// (https://kubernetes.io/docs/tasks/configure-pod-container/security-context/), volumes and their ownership
/// (https://kubernetes.io/docs/concepts/storage/volumes/), env (define-environment-variable-container), init containers.
/// </summary>
public sealed class KubeletModelTests : IDisposable
{
    private readonly KubeletNode node = new(KubeletNode.NewRoot());

    public void Dispose() => node.Dispose();

    [Fact]
    public void A_container_runs_as_its_user_with_fs_group_a_read_only_root_and_only_its_env()
    {
        var pod = Run(Pod("""
            id -u; id -g; id -G
            touch /etc/x 2>/dev/null && echo root-writable || echo root-read-only
            touch /data/file && stat -c '%g %a' /data /data/file
            env | grep -v -e '^PWD=' -e '^SHLVL=' -e '^_=' | sort | tr '\n' ' '
            """, volume: new V1Volume { Name = "data", EmptyDir = new V1EmptyDirVolumeSource() }));

        var lines = pod.Logs("main").Split('\n');
        Assert.Equal(["999", "999", "999 2000"], lines[..3]);
        Assert.Equal("root-read-only", lines[3]);
        Assert.Equal("2000 2777", lines[4].Split('\n')[0]);
        Assert.StartsWith("2000 ", lines[5]);
        Assert.Equal($"FROM_ANNOTATION=hello PATH={ContainerImage.MySql.Path} PLAIN=a-$(b) ", lines[6]);
    }

    [Fact]
    public void A_host_path_volume_keeps_its_root_ownership_while_a_claim_gets_the_fs_group()
    {
        node.Apply([
            new V1PersistentVolume
            {
                Kind = "PersistentVolume",
                Metadata = new V1ObjectMeta { Name = "pv-host", Labels = new Dictionary<string, string> { ["pv-usage"] = "host" } },
                Spec = new V1PersistentVolumeSpec { HostPath = new V1HostPathVolumeSource { Path = "/srv/host-data", Type = "DirectoryOrCreate" } },
            },
            Claim("host-claim", new Dictionary<string, string> { ["pv-usage"] = "host" }),
            Claim("cloud-claim", null),
        ]);
        var host = Run(Pod("touch /data/x 2>&1 | sed 's/.*: //'; stat -c '%u %g %a' /data",
            volume: new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "host-claim" } }));
        var cloud = Run(Pod("touch /data/x && ls /data | tr '\n' ' '; stat -c '%u %g %a' /data",
            volume: new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "cloud-claim" } }));

        Assert.Equal("Permission denied\n0 0 755\n", host.Logs("main"));
        Assert.Equal("lost+found x 0 2000 2775\n", cloud.Logs("main"));
    }

    [Fact]
    public void Init_containers_run_in_order_to_completion_and_a_failed_one_stops_a_never_restarting_pod()
    {
        var template = Pod("echo main", volume: null);
        template.Spec.InitContainers =
        [
            Container("first", "echo first; sleep 0.3"),
            Container("second", "echo second; exit 3"),
        ];

        var pod = Run(template);

        Assert.Equal(PodPhase.Failed, pod.Phase);
        Assert.Equal("first\nsecond\n", pod.AllLogs());
        Assert.Equal(3, pod.ExitCode("second"));
        Assert.Null(pod.ExitCode("main"));
    }

    [Fact]
    public void A_projected_volume_holds_its_secret_sources_with_the_volume_mode_and_skips_optional_missing_ones()
    {
        // https://kubernetes.io/docs/concepts/storage/projected-volumes/: sources in one folder, defaultMode for all,
        // an optional Secret (or key) that is missing leaves its file out; a required one keeps the pod from starting.
        node.Apply([new V1Secret { Kind = "Secret", Metadata = new V1ObjectMeta { Name = "root" }, Data = new Dictionary<string, byte[]> { ["password"] = "pw"u8.ToArray() } }]);
        V1Volume Projected(bool optional) => new()
        {
            Name = "data",
            Projected = new V1ProjectedVolumeSource
            {
                DefaultMode = 288,
                Sources =
                [
                    new V1VolumeProjection { Secret = new V1SecretProjection { Name = "root", Items = [new V1KeyToPath { Key = "password", Path = "root/password" }] } },
                    new V1VolumeProjection { Secret = new V1SecretProjection { Name = "root", Optional = true, Items = [new V1KeyToPath { Key = "previous-password", Path = "root/previous-password" }] } },
                    new V1VolumeProjection { Secret = new V1SecretProjection { Name = "app", Optional = optional, Items = [new V1KeyToPath { Key = "password", Path = "users/app" }] } },
                ],
            },
        };

        var pod = Run(Pod("cd /data && find . -type f | sort | tr '\n' ' '; stat -c '%a' root/password; cat root/password", Projected(optional: true)));

        Assert.Equal("./root/password 440\npw", pod.Logs("main").TrimEnd('\n'));
        Assert.Contains("Secret app (projected) does not exist: the pod would stay ContainerCreating",
            Assert.ThrowsAny<Exception>(() => Run(Pod("true", Projected(optional: false)))).Message);
    }

    private KubeletPod Run(V1PodTemplateSpec template)
    {
        var pod = node.StartPod("model-" + KubeletPod.Suffix(), "default", template);
        pod.WaitForCompletion(TimeSpan.FromSeconds(60));
        return pod;
    }

    private static V1PersistentVolumeClaim Claim(string name, IDictionary<string, string>? selector) => new()
    {
        Kind = "PersistentVolumeClaim",
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeClaimSpec { Selector = selector is null ? null : new V1LabelSelector { MatchLabels = selector } },
    };

    private static V1Container Container(string name, string script) => new()
    {
        Name = name,
        Image = "mysql:8.4",
        Command = ["/bin/bash", "-c", script],
        SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, ReadOnlyRootFilesystem = true },
    };

    private static V1PodTemplateSpec Pod(string script, V1Volume? volume)
    {
        var main = Container("main", script);
        main.Env =
        [
            new V1EnvVar { Name = "FROM_ANNOTATION", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.annotations['greeting']" } } },
            new V1EnvVar { Name = "PLAIN", Value = "a-$(b)" },
        ];
        if (volume is not null)
        {
            main.VolumeMounts = [new V1VolumeMount { Name = volume.Name, MountPath = "/data" }];
        }
        return new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { ["greeting"] = "hello" } },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                SecurityContext = new V1PodSecurityContext { RunAsUser = 999, RunAsGroup = 999, FsGroup = 2000, RunAsNonRoot = true },
                Containers = [main],
                Volumes = volume is null ? [] : [volume],
            },
        };
    }
}
