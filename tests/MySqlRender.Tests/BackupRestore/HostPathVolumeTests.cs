using k8s.Models;
using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>
/// Issue 13 defect 11: spec.hostPath on the kubelet model. The model follows the Kubernetes docs: a hostPath folder
/// that DirectoryOrCreate makes is root-owned 0755 and never chowned for fsGroup (concepts/storage/volumes/#hostpath);
/// a PersistentVolume's node affinity keeps pods on other nodes Pending (persistent-volumes/#node-affinity); a PV
/// with a claimRef binds only that claim (persistent-volumes/#reserving-a-persistentvolume).
/// </summary>
public sealed class HostPathVolumeTests : BackupRestoreScenario
{
    private const string Node = "model-node-1";

    [Fact]
    public void A_pinned_instance_on_prepared_folders_starts_backs_up_into_its_own_folder_and_checks_its_restore()
    {
        var on = Deploy("pinned-db", Node);
        var folders = PrepareFolders(on, "/srv/mysql/shop-pinned-db-pv/", "/srv/mysql/backup-shop-pinned-db-pv/");

        on.StartServer();
        CreateTestTable(on);
        var backup = on.RunCronJob("backup-pinned-db");
        var check = on.RunJob("restore-pinned-db-job");

        Assert.True(backup.Succeeded, backup.ToString());
        Assert.True(check.Succeeded, check.ToString());
        Assert.True(Directory.Exists(Path.Combine(folders[0], "data", "mysql")));
        Assert.Single(Directory.EnumerateFiles(folders[1], "pinned-db-*.sql.gz"));
    }

    [Fact]
    public void An_unprepared_root_owned_folder_fails_the_server_init_with_what_to_do()
    {
        var on = Deploy("raw-db", Node);

        var server = on.StartServer(waitReady: false);

        Assert.True(server.WaitFor(() => server.Restarts("server-init") >= 1 || server.Ready, TimeSpan.FromSeconds(60)), server.AllLogs());
        Assert.False(server.Ready);
        Assert.Contains("is not a writable directory for uid 999", server.Logs("server-init", allRuns: true));
        Assert.Contains("A hostPath volume gets no fsGroup: prepare its folder on the node, docs/operations.md, 'hostPath volumes'", server.Logs("server-init", allRuns: true));
    }

    /// <summary>
    /// A backup folder the server's uid can enter but not list (a hand-made mode, root_squash, an SELinux label) made
    /// every glob match nothing: a new data directory "had nothing to restore" and started empty next to its dumps.
    /// </summary>
    [Fact]
    public void A_backup_folder_the_server_cannot_list_fails_the_init_instead_of_starting_empty()
    {
        var on = Deploy("unlisted-db", Node);
        PrepareFolders(on, "/srv/mysql/shop-unlisted-db-pv/");
        var backup = on.Node.Storage.HostPath("/srv/mysql/backup-shop-unlisted-db-pv/");
        File.WriteAllText(Path.Combine(backup, "unlisted-db-20260101T000000Z.sql.gz"), "a dump the server cannot see");
        File.SetUnixFileMode(backup, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute | UnixFileMode.OtherWrite); // 0713, root's

        var server = on.StartServer(waitReady: false);

        Assert.True(server.WaitFor(() => server.Restarts("server-init") >= 1 || server.Ready, TimeSpan.FromSeconds(60)), server.AllLogs());
        Assert.False(server.Ready);
        Assert.Contains("BACKUP_DIR /backup cannot be listed by uid 999", server.Logs("server-init", allRuns: true));
        Assert.False(Directory.Exists(Path.Combine(on.Node.Storage.HostPath("/srv/mysql/shop-unlisted-db-pv/"), "data", "mysql")));
    }

    [Fact]
    public void A_pod_for_an_instance_pinned_to_another_node_is_never_started_here_with_an_empty_folder()
    {
        var on = Deploy("elsewhere-db", "another-node");

        var error = Assert.Throws<InvalidOperationException>(() => on.StartServer(waitReady: false));

        Assert.Contains("volume node affinity conflict: PersistentVolume shop-elsewhere-db-pv", error.Message);
    }

    [Fact]
    public void The_same_instance_name_in_two_namespaces_gets_its_own_volumes_folders_and_reservations()
    {
        var shop = Render("twin-db", Node, "shop");
        var billing = Render("twin-db", Node, "billing");

        var volumes = shop.Objects.Concat(billing.Objects).OfType<V1PersistentVolume>().ToList();

        Assert.Equal(4, volumes.Select(v => v.Metadata.Name).Distinct().Count());
        Assert.Equal(4, volumes.Select(v => v.Spec.HostPath.Path).Distinct().Count());
        Assert.All(volumes, v => Assert.StartsWith(v.Spec.ClaimRef.NamespaceProperty + "-", v.Metadata.Name.Replace("backup-", "", StringComparison.Ordinal)));
        Assert.All(shop.Objects.Concat(billing.Objects).OfType<V1PersistentVolumeClaim>(),
            c => Assert.Contains(volumes, v => v.Metadata.Name == c.Spec.VolumeName && v.Spec.ClaimRef.Name == c.Metadata.Name
                && v.Spec.ClaimRef.NamespaceProperty == c.Metadata.NamespaceProperty));
    }

    private InstanceOnNode Deploy(string name, string node)
    {
        var on = new InstanceOnNode(Path.Combine(work, name), Render(name, node, "shop"));
        Track(on);
        on.Node.Storage.Hostname = Node;
        return on;
    }

    private RenderedInstance Render(string name, string node, string ns) =>
        RenderResource(name, extraSpec: $"  hostPath:\n    path: /srv/mysql\n    node: {node}\n", options: ["--namespace", ns]);

    /// <summary>What docs/operations.md tells the user to run on the node before the first sync.</summary>
    private static List<string> PrepareFolders(InstanceOnNode on, params string[] paths)
    {
        var folders = new List<string>();
        foreach (var path in paths)
        {
            var folder = on.Node.Storage.HostPath(path);
            var chown = ProcessRunner.Run("chown", ["999:999", folder]);
            Assert.True(chown.ExitCode == 0, chown.Stderr);
            folders.Add(folder);
        }
        return folders;
    }
}
