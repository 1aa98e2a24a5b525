using System.Text.Json;
using MySqlRender.Tests.BackupRestore;
using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.Drills;

/// <summary>
/// Issue 16's proof on the kubelet model (<see cref="KubeletNode"/>): the rendered backup CronJob dumps the rendered
/// server pod, then the rendered drill CronJob's pod runs as the kubelet runs it (uid 999, read-only root, its
/// volumes: the backup claim, a generic ephemeral scratch claim made with the pod, "Ephemeral Volumes", Kubernetes
/// docs, and a /tmp emptyDir), starts its own mariadbd on a socket (the mysql image's userland is this machine's
/// MariaDB), imports the dump and writes the report with the row counts the backup recorded. A dump corrupted in the
/// middle, or truncated, fails the drill with a message naming the dump, in the log and the termination message.
/// </summary>
public sealed class DrillPodTests : IDisposable
{
    private const string Database = "shop";
    private readonly TempFolder work = new();
    private InstanceOnNode? on;

    public void Dispose()
    {
        on?.Dispose();
        work.Dispose();
    }

    [Fact]
    public void The_drill_pod_imports_the_rendered_backups_dump_into_its_own_server_and_reports_the_recorded_row_counts()
    {
        const string name = "drill-pod";
        var dump = BackedUp(name);

        var drill = on!.RunCronJob($"verify-{name}");

        Assert.True(drill.Succeeded, drill.ToString());
        var pod = Assert.Single(drill.Pods);
        Assert.Contains($"the drill of {dump} passed: 2 tables with the rows the backup counted, 1 views", pod.Logs("verify"));
        Assert.Contains("scratch server up on /scratch/mysqld.sock (no TCP listener)", pod.Logs("verify"));
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(BackupFolder(name), dump + ".verified.json"))).RootElement;
        Assert.Equal("passed", report.GetProperty("result").GetString());
        Assert.Contains("MariaDB", report.GetProperty("server").GetString());
        var rows = report.GetProperty("tables").EnumerateArray()
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => (t.GetProperty("rows").GetInt64(), t.GetProperty("expectedRows").GetInt64()));
        Assert.Equal((3L, 3L), rows["orders"]);
        Assert.Equal((250L, 250L), rows["order_lines"]);
        Assert.Equal(["open_orders"], report.GetProperty("views").EnumerateArray().Select(v => v.GetString()));
        var status = JsonDocument.Parse(pod.TerminationMessage("verify")).RootElement;
        Assert.Equal("passed", status.GetProperty("verdict").GetString());
        Assert.Equal(dump, status.GetProperty("dump").GetString());
        var scratch = pod.VolumeFolder("scratch");
        Assert.True(File.Exists(Path.Combine(scratch, "error.log")), "the scratch server ran on the ephemeral claim");
        pod.Dispose(); // the pod is deleted (the CronJob's history limit): its scratch claim goes with it
        Assert.DoesNotContain(Directory.EnumerateDirectories(on.Node.Root, "*", SearchOption.AllDirectories),
            d => d.EndsWith($"{pod.Name}-scratch", StringComparison.Ordinal));
    }

    public static TheoryData<string> Damages => new() { "corrupt-middle", "truncated" };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_dump_fails_the_drill_pod_with_a_message_naming_the_dump(string damage)
    {
        var name = $"drill-{damage.Split('-')[0]}";
        var dump = BackedUp(name);
        var file = Path.Combine(BackupFolder(name), dump);
        var bytes = File.ReadAllBytes(file);
        if (damage == "truncated")
        {
            bytes = bytes[..(bytes.Length / 2)];
        }
        else
        {
            for (var i = bytes.Length / 2; i < bytes.Length / 2 + 16; i++)
            {
                bytes[i] ^= 0x5A;
            }
        }
        File.WriteAllBytes(file, bytes);

        var drill = on!.RunCronJob($"verify-{name}");

        Assert.False(drill.Succeeded, drill.ToString());
        var pod = Assert.Single(drill.Pods); // backoffLimit 0: a verdict is not retried
        Assert.Contains($"the drill of {dump} FAILED: sha256 mismatch (recorded ", pod.Logs("verify"));
        Assert.Contains("the dump is corrupt or truncated", pod.Logs("verify"));
        var status = JsonDocument.Parse(pod.TerminationMessage("verify")).RootElement;
        Assert.Equal("failed", status.GetProperty("verdict").GetString());
        Assert.Equal(dump, status.GetProperty("dump").GetString());
        Assert.Contains("sha256 mismatch", status.GetProperty("reason").GetString());
        var report = JsonDocument.Parse(File.ReadAllText(file + ".verified.json")).RootElement;
        Assert.Equal("failed", report.GetProperty("result").GetString());
    }

    /// <summary>A server with two tables and a view, one rendered backup; returns the dump's name.</summary>
    private string BackedUp(string name)
    {
        on = new InstanceOnNode(work.Combine("node"), RenderedInstance.RenderResource(work.Combine("input"), TestResource.Opening(name, Database, "password: \"drill-pod-password\"") + "\n"));
        on.StartServer();
        on.Sql($"""
            CREATE TABLE {Database}.orders (id INT PRIMARY KEY, customer VARCHAR(100)) CHARACTER SET utf8mb4;
            INSERT INTO {Database}.orders VALUES (1, 'alice'), (2, 'Grüße 🐬'), (3, 'carol');
            CREATE TABLE {Database}.order_lines (id INT PRIMARY KEY, order_id INT, note TEXT);
            INSERT INTO {Database}.order_lines SELECT seq, 1 + seq % 3, REPEAT('line ', seq) FROM {Database}.seq_1_to_250;
            CREATE VIEW {Database}.open_orders AS SELECT id FROM {Database}.orders WHERE id > 1;
            """);
        var backup = on.RunCronJob($"backup-{name}");
        Assert.True(backup.Succeeded, backup.ToString());
        return Path.GetFileName(Assert.Single(Directory.EnumerateFiles(BackupFolder(name), $"{name}-*.sql.gz")));
    }

    private string BackupFolder(string name) => on!.ClaimFolder($"backup-{name}-pvc");
}
