using k8s;
using k8s.Models;

namespace MySqlRender.Tests.Upgrades;

/// <summary>
/// Issue 13, "Upgrades": what a sync does to every live object mysqlrender 0.1 created (tests/fixtures/release-0.1:
/// 0.1's own output of its examples) when the same files are rendered by this version. The immutable fields follow
/// the Kubernetes API reference: a PersistentVolumeClaim's spec is immutable after creation except
/// resources.requests (which may only grow, with an expandable class); a PersistentVolume's source, node affinity and
/// class cannot change; apps/v1 Deployment spec.selector and Service spec.clusterIP are immutable. Argo CD prunes a
/// tracked object that is no longer rendered; hooks (argocd.argoproj.io/hook) are not tracked but re-created.
/// </summary>
public sealed class Release01UpgradeTests
{
    public static TheoryData<string> Examples() => ["seed", "multi", "retired"];

    [Theory]
    [MemberData(nameof(Examples))]
    public void No_live_object_of_0_1_is_pruned(string example)
    {
        var (before, after) = Render(example);

        var pruned = before.Where(o => !IsHook(o) && Find(after, o) is null).Select(Key).ToList();

        Assert.True(pruned.Count == 0, "the upgrade would prune: " + string.Join(", ", pruned));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Claims_and_volumes_keep_every_immutable_field_and_never_shrink(string example)
    {
        var (before, after) = Render(example);

        foreach (var old in before.OfType<V1PersistentVolumeClaim>())
        {
            var now = Assert.IsType<V1PersistentVolumeClaim>(Find(after, old));
            Assert.Equal(Json(old.Spec.AccessModes), Json(now.Spec.AccessModes));
            Assert.Equal(old.Spec.StorageClassName, now.Spec.StorageClassName);
            Assert.Equal(Json(old.Spec.Selector), Json(now.Spec.Selector));
            Assert.Equal(old.Spec.VolumeName, now.Spec.VolumeName);
            Assert.True(now.Spec.Resources.Requests["storage"].ToDecimal() >= old.Spec.Resources.Requests["storage"].ToDecimal(),
                $"{Key(old)} would shrink from {old.Spec.Resources.Requests["storage"]} to {now.Spec.Resources.Requests["storage"]}");
        }
        foreach (var old in before.OfType<V1PersistentVolume>())
        {
            var now = Assert.IsType<V1PersistentVolume>(Find(after, old));
            Assert.Equal(Json(old.Spec.HostPath), Json(now.Spec.HostPath));
            Assert.Equal(Json(old.Spec.NodeAffinity), Json(now.Spec.NodeAffinity)); // immutable: 0.1's PVs had none
            Assert.Equal(Json(old.Spec.ClaimRef), Json(now.Spec.ClaimRef));
            Assert.Equal(old.Spec.StorageClassName, now.Spec.StorageClassName);
            Assert.Equal(Json(old.Metadata.Labels["pv-usage"]), Json(now.Metadata.Labels["pv-usage"])); // what the claims select
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Deployments_and_services_keep_their_selector_and_cluster_ip_and_mount_the_same_claims(string example)
    {
        var (before, after) = Render(example);

        foreach (var old in before.OfType<V1Deployment>())
        {
            var now = Assert.IsType<V1Deployment>(Find(after, old));
            Assert.Equal(Json(old.Spec.Selector), Json(now.Spec.Selector));
            var oldClaims = Claims(old.Spec.Template.Spec);
            Assert.Subset(Claims(now.Spec.Template.Spec), oldClaims); // the data stays reachable (server-init migrates the layout)
        }
        foreach (var old in before.OfType<V1Service>())
        {
            var now = Assert.IsType<V1Service>(Find(after, old));
            Assert.Equal(old.Spec.ClusterIP, now.Spec.ClusterIP);
            Assert.Equal(old.Spec.Type, now.Spec.Type);
        }
    }

    [Fact]
    public void A_0_1_hostPath_instance_keeps_its_volumes_and_is_warned_about_the_missing_node()
    {
        var result = CliRunner.Run("render", "tests/fixtures/release-0.1/input/multi");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning MR1116: MySQL/legacy-db spec.hostPath: hostPath volumes without spec.hostPath.node", result.Stderr);
    }

    private static (IReadOnlyList<object> Before, IReadOnlyList<object> After) Render(string example)
    {
        var before = KubernetesYaml.LoadAllFromString(File.ReadAllText(RepoPaths.Of("tests", "fixtures", "release-0.1", "output", example + ".yaml")));
        var result = CliRunner.Run("render", $"tests/fixtures/release-0.1/input/{example}");
        Assert.True(result.ExitCode == 0, result.Stderr);
        return (before, KubernetesYaml.LoadAllFromString(result.Stdout));
    }

    private static IKubernetesObject<V1ObjectMeta>? Find(IReadOnlyList<object> objects, object like) =>
        objects.OfType<IKubernetesObject<V1ObjectMeta>>().SingleOrDefault(o => Key(o) == Key(like));

    private static string Key(object o)
    {
        var k = (IKubernetesObject<V1ObjectMeta>)o;
        return $"{k.Kind}/{k.Metadata.NamespaceProperty}/{k.Metadata.Name}";
    }

    private static bool IsHook(object o) =>
        ((IKubernetesObject<V1ObjectMeta>)o).Metadata.Annotations?.ContainsKey("argocd.argoproj.io/hook") == true;

    private static HashSet<string> Claims(V1PodSpec pod) =>
        [.. pod.Volumes.Where(v => v.PersistentVolumeClaim is not null).Select(v => v.PersistentVolumeClaim.ClaimName)];

    private static string Json(object? value) => value is null ? "null" : KubernetesJson.Serialize(value);
}
