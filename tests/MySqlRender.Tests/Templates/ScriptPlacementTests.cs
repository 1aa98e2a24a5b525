using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using MySqlRender.Rendering;
using MySqlRender.Tests.BackupRestore;

namespace MySqlRender.Tests.Templates;

/// <summary>
/// Each script is rendered once per instance and only when something of the instance runs it, and every container
/// still finds what it runs and what that sources. What a pod sees in its scripts folder follows the kubelet:
/// a configMap volume shows the ConfigMap's keys, a projected volume the keys of all its sources in one folder
/// (Kubernetes docs, "Volumes" and "Projected Volumes"). A PreSync hook runs before the sync applies any ordinary
/// object (Argo CD docs, "Sync Phases and Waves"), so its pod may only use hook-phase ConfigMaps.
/// </summary>
public sealed partial class ScriptPlacementTests
{
    public static TheoryData<string> Inputs() => [.. ExampleFolders.Rendered.Select(e => $"examples/{e}"), "tests/cases/branches"];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Every_script_is_rendered_once_and_only_where_a_container_uses_it(string input)
    {
        foreach (var instance in Instances(input))
        {
            var ordinary = instance.ScriptMaps.Where(m => !IsHook(m.Metadata)).ToList();
            var keys = ordinary.SelectMany(m => m.Data.Keys).ToList();
            Assert.True(keys.Count == keys.Distinct().Count(), $"{instance.Id}: a script in two ordinary ConfigMaps: {string.Join(", ", keys)}");

            var used = instance.Pods.SelectMany(pod => UsedScripts(instance, pod)).ToHashSet(StringComparer.Ordinal);
            foreach (var map in instance.ScriptMaps)
            {
                Assert.All(map.Data.Keys, key => Assert.True(used.Contains(key), $"{instance.Id}: {map.Metadata.Name} carries {key}, which no container runs or sources"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void A_PreSync_Job_runs_only_from_its_hook_phase_copy_and_only_it_has_one(string input)
    {
        foreach (var instance in Instances(input))
        {
            var preSyncPods = instance.Pods.Where(p => p.Hook == "PreSync").ToList();
            Assert.Equal(preSyncPods.Count > 0, instance.ScriptMaps.Any(m => IsHook(m.Metadata)));
            foreach (var pod in preSyncPods)
            {
                Assert.All(SourcesOf(pod.Spec), name => Assert.True(IsHook(instance.Map(name).Metadata),
                    $"{instance.Id}: PreSync {pod.Owner} mounts {name}, which the sync applies only after PreSync"));
            }
        }
    }

    [Fact]
    public void The_seed_carries_lib_sh_once_and_no_S3_script_and_its_Jobs_see_it_beside_their_own()
    {
        var instance = Assert.Single(Instances("examples/seed"));
        Assert.Single(instance.ScriptMaps, m => m.Data.ContainsKey("lib.sh"));
        Assert.DoesNotContain(instance.ScriptMaps.SelectMany(m => m.Data.Keys), key => key.StartsWith("s3-", StringComparison.Ordinal));
        var cronJob = instance.Pods.Single(p => p.Owner == "CronJob/backup-mysql-instance");
        Assert.Equal(["mysql-instance-server-scripts-", "mysql-instance-job-scripts-"],
            SourcesOf(cronJob.Spec).Select(name => name[..(name.LastIndexOf('-') + 1)]));
    }

    [Fact]
    public void Without_drills_there_is_no_verify_script_and_without_backups_or_restores_no_job_scripts()
    {
        using var folder = new TempFolder();
        var noDrill = RenderedInstance.RenderResource(Path.Combine(folder.Path, "a"), Resource("backup: {verify: {enabled: false}}"));
        Assert.DoesNotContain(noDrill.Objects.OfType<V1ConfigMap>().SelectMany(m => m.Data.Keys), key => key == "verify.sh");
        var none = RenderedInstance.RenderResource(Path.Combine(folder.Path, "b"), Resource("backup: {enabled: false}\n  restore: {enabled: false}"));
        Assert.Equal(["server-scripts"], none.Objects.OfType<V1ConfigMap>().Where(m => m.Metadata.Name.Contains("-scripts-", StringComparison.Ordinal))
            .Select(m => Regex.Replace(m.Metadata.Name, "^x-|-[0-9a-f]{10}$", "")));
    }

    private static string Resource(string spec) =>
        $"apiVersion: otus.homework/v1\nkind: MySQL\nmetadata:\n  name: x\nspec:\n  image: mysql:8.4\n  database: app\n"
        + $"  passwordSecretRef: {{name: app-db, key: password}}\n  storage_size: 1Gi\n  {spec}\n";

    /// <summary>
    /// What the pod's containers run (command or probe: <c>[/bin/bash|/bin/sh, MOUNT/script]</c>) and what those
    /// scripts source, each asserted to be in the folder the pod's scripts volume shows.
    /// </summary>
    private static IEnumerable<string> UsedScripts(Instance instance, Pod pod)
    {
        var shown = SourcesOf(pod.Spec).SelectMany(name => instance.Map(name).Data).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var pending = new Queue<string>(Commands(pod.Spec).Where(c => c.Count >= 2 && c[1].StartsWith(ScriptBundles.MountPath + "/", StringComparison.Ordinal))
            .Select(c => c[1][(ScriptBundles.MountPath.Length + 1)..]));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var script))
        {
            if (!seen.Add(script))
            {
                continue;
            }
            Assert.True(shown.TryGetValue(script, out var text), $"{instance.Id}: {pod.Owner} runs or sources {script}, which its scripts volume does not show");
            foreach (Match sourced in SourcedFile().Matches(text))
            {
                pending.Enqueue(sourced.Groups["file"].Value);
            }
        }
        return seen;
    }

    private static IEnumerable<IList<string>> Commands(V1PodSpec spec) =>
        (spec.InitContainers ?? []).Concat(spec.Containers).SelectMany(c => new[] { c.Command, c.ReadinessProbe?.Exec?.Command, c.LivenessProbe?.Exec?.Command, c.StartupProbe?.Exec?.Command })
            .OfType<IList<string>>();

    /// <summary>The ConfigMaps the pod's <c>scripts</c> volume shows, a configMap volume or a projected one.</summary>
    private static IReadOnlyList<string> SourcesOf(V1PodSpec spec)
    {
        var volume = spec.Volumes.SingleOrDefault(v => v.Name == "scripts");
        if (volume is null)
        {
            return [];
        }
        return volume.ConfigMap is { } map ? [map.Name] : [.. volume.Projected.Sources.Select(s => s.ConfigMap.Name)];
    }

    private static bool IsHook(V1ObjectMeta meta) => meta.Annotations?.ContainsKey("argocd.argoproj.io/hook") == true;

    /// <summary>The rendered objects of each instance (namespace and instance label), with its pods and scripts ConfigMaps.</summary>
    private static IEnumerable<Instance> Instances(string input)
    {
        var objects = RenderedInstance.Render(input).Objects.OfType<IKubernetesObject<V1ObjectMeta>>().ToList(); // ServiceMonitor too
        return objects.GroupBy(o => $"{o.Metadata.NamespaceProperty}/{o.Metadata.Labels?["app.kubernetes.io/instance"]}")
            .Select(group => new Instance(group.Key, [.. group.OfType<V1ConfigMap>().Where(m => m.Metadata.Labels["app.kubernetes.io/component"] == "scripts")],
                [.. group.Select(PodOf).OfType<Pod>()]));
    }

    private static Pod? PodOf(IKubernetesObject<V1ObjectMeta> o) => o switch
    {
        V1Deployment d => new Pod($"Deployment/{d.Metadata.Name}", null, d.Spec.Template.Spec),
        V1CronJob c => new Pod($"CronJob/{c.Metadata.Name}", null, c.Spec.JobTemplate.Spec.Template.Spec),
        V1Job j => new Pod($"Job/{j.Metadata.Name}", (j.Metadata.Annotations?.TryGetValue("argocd.argoproj.io/hook", out var hook) == true ? hook : null), j.Spec.Template.Spec),
        _ => null,
    };

    private sealed record Pod(string Owner, string? Hook, V1PodSpec Spec);

    private sealed record Instance(string Id, IReadOnlyList<V1ConfigMap> ScriptMaps, IReadOnlyList<Pod> Pods)
    {
        public V1ConfigMap Map(string name) => ScriptMaps.SingleOrDefault(m => m.Metadata.Name == name)
            ?? throw new InvalidOperationException($"{Id}: no scripts ConfigMap {name} is rendered");
    }

    /// <summary>How the scripts source a library beside them: bash by BASH_SOURCE, POSIX sh (rclone image) by $0.</summary>
    [GeneratedRegex(@"^\s*\. ""(?:\$\{BASH_SOURCE\[0\]%/\*\}|\$\(dirname -- ""\$0""\))/(?<file>[\w.-]+)""", RegexOptions.Multiline)]
    private static partial Regex SourcedFile();
}
