using System.Text;
using k8s.Models;
using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>
/// What the backup and restore scenarios share: the rendered server, backup and restore pods, run by the kubelet
/// model (<see cref="KubeletNode"/>) against the server the rendered Deployment starts (the mysql image's entrypoint
/// model on MariaDB). The scenarios are split over several classes so that xunit runs them in parallel.
/// </summary>
public abstract class BackupRestoreScenario : IDisposable
{
    protected const string Database = "otus-database";
    protected const string QuotedDatabase = "`otus-database`";
    protected readonly string work = Directory.CreateTempSubdirectory("mysqlrender-backup-e2e-").FullName;

    private readonly List<InstanceOnNode> nodes = [];

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        foreach (var node in nodes)
        {
            node.Dispose();
        }
        Directory.Delete(work, recursive: true);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /// <summary>Disposes the instance with the test class.</summary>
    protected void Track(InstanceOnNode on) => nodes.Add(on);

    /// <summary>The instance on its own model node, its server started on a new data directory.</summary>
    protected (RenderedInstance, InstanceOnNode) Prepare(RenderedInstance instance)
    {
        var on = new InstanceOnNode(Path.Combine(work, "node-" + nodes.Count), instance);
        nodes.Add(on);
        // These scenarios are about dumps, not volume layouts: an empty folder per claim (ServerStartTests covers ext4).
        on.Node.Storage.Provisioner = NodeStorage.Kind.LocalPathFolder;
        on.StartServer();
        return (instance, on);
    }

    /// <summary>The instance on its own model node (fresh ext4 volumes), nothing started.</summary>
    protected InstanceOnNode Deploy(RenderedInstance instance)
    {
        var on = new InstanceOnNode(Path.Combine(work, "node-" + Guid.NewGuid().ToString("N")[..6]), instance);
        Track(on);
        return on;
    }

    /// <summary>A table of ROWS rows of 200 bytes each (MariaDB's sequence engine), for imports and dumps that take a while.</summary>
    protected static void CreateBigTable(InstanceOnNode on, int rows) => on.Sql($"""
        CREATE TABLE {QuotedDatabase}.big (id INT PRIMARY KEY, filler VARCHAR(200)) CHARACTER SET utf8mb4;
        INSERT INTO {QuotedDatabase}.big SELECT seq, REPEAT('x', 200) FROM {QuotedDatabase}.seq_1_to_{rows};
        """);

    protected RenderedInstance RenderResource(string name, string password = "e2e-password", int keep = 7, string extraSpec = "",
        string[]? options = null) =>
        RenderedInstance.RenderResource(Path.Combine(work, "input", name), $"""
            {TestResource.Opening(name, Database, $"password: {YamlDoubleQuoted(password)}")}
              backup:
                keep: {keep}

            """ + extraSpec, options ?? []);

    protected static string YamlDoubleQuoted(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    protected static void CreateTestTable(InstanceOnNode on) => on.Sql($"""
        CREATE TABLE {QuotedDatabase}.test (id INT PRIMARY KEY, name VARCHAR(100), note TEXT) CHARACTER SET utf8mb4;
        INSERT INTO {QuotedDatabase}.test VALUES (1, 'alice', 'plain'), (2, 'Grüße 🐬', 'tab\there; quote '' " \\\\ back'),
            (3, 'null note', NULL);
        """);

    protected static string Rows(InstanceOnNode on, string table) => on.Sql($"SELECT * FROM {QuotedDatabase}.`{table}` ORDER BY 1");

    protected static string ObjectCount(InstanceOnNode on) => on.Sql($"""
        SELECT (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{Database}')
            + (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '{Database}')
            + (SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '{Database}')
        """);

    protected static string SchemaSnapshot(InstanceOnNode on) => on.Sql($"""
        SELECT id, LENGTH(b), SHA2(b, 256), t FROM {QuotedDatabase}.blobs ORDER BY id;
        SELECT ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER, ROUTINE_DEFINITION, IS_DETERMINISTIC, SQL_DATA_ACCESS, SECURITY_TYPE,
            SQL_MODE, ROUTINE_COMMENT, DEFINER FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '{Database}' ORDER BY ROUTINE_NAME;
        SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_TIMING, ACTION_STATEMENT, SQL_MODE, DEFINER
            FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '{Database}' ORDER BY TRIGGER_NAME;
        SELECT EVENT_NAME, EVENT_DEFINITION, EVENT_TYPE, INTERVAL_VALUE, INTERVAL_FIELD, STARTS, STATUS, ON_COMPLETION, EVENT_COMMENT, DEFINER
            FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '{Database}' ORDER BY EVENT_NAME;
        SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '{Database}';
        """);

    /// <summary>Where a file of the backup volume is in the pods that mount it (what their logs name).</summary>
    protected static string InPod(string hostPath) => "/backup/" + Path.GetFileName(hostPath);

    /// <summary>Complete dumps of an instance in its backup claim's folder, oldest first.</summary>
    protected static List<string> Dumps(InstanceOnNode on, string instance) =>
        Directory.EnumerateFiles(on.ClaimFolder($"backup-{instance}-pvc"), $"{instance}-*.sql.gz")
            .Order(StringComparer.Ordinal).ToList();
}
