using System.Security.Cryptography;
using System.Text;

namespace MySqlRender.Rendering;

/// <summary>
/// Which container scripts (<c>templates/scripts/</c>) go into which ConfigMap, and each ConfigMap's content hash.
/// Names carry the hash, as kustomize's configMapGenerator does, so a script change is a new ConfigMap and a new
/// pod template (an explicit, visible rollout in the Argo CD diff), never a changed file under a running pod.
/// What the server pod mounts is kept apart from what only Jobs run: a change to a backup-only script does not
/// change the Deployment, so it does not restart the database.
/// </summary>
public sealed class ScriptBundles
{
    /// <summary>What the server pod runs. Adding a script here restarts every server on upgrade.</summary>
    public static readonly IReadOnlyList<string> ServerScripts = ["readiness.sh", "lib.sh", "server-init.sh", "accounts.sh"];

    /// <summary>
    /// What the server pod runs when spec.backup.s3 is set: also the fetch init container's scripts (issue 15). An
    /// instance without S3 keeps <see cref="ServerScripts"/>, so a change to the S3 scripts never restarts it.
    /// </summary>
    public static readonly IReadOnlyList<string> ServerScriptsWithS3 = [.. ServerScripts, "s3-lib.sh", "s3-fetch.sh"];

    /// <summary>What the backup and restore Jobs and CronJobs run.</summary>
    public static readonly IReadOnlyList<string> JobScripts = ["lib.sh", "backup.sh", "restore-check.sh", "verify.sh", "s3-lib.sh", "s3-upload.sh", "s3-drill-fetch.sh", "s3-drill-report.sh", "accounts.sh"];

    /// <summary>What the retired instance's final backup runs, from its PreSync hook copy.</summary>
    public static readonly IReadOnlyList<string> HookScripts = ["lib.sh", "backup.sh", "s3-lib.sh", "s3-upload.sh"];

    /// <summary>Where every container mounts its ConfigMap (read-only, mode 0555).</summary>
    public const string MountPath = "/opt/mysqlrender/scripts";

    private ScriptBundles(ScriptBundle server, ScriptBundle serverWithS3, ScriptBundle job, ScriptBundle hook)
    {
        Server = server;
        ServerWithS3 = serverWithS3;
        Job = job;
        Hook = hook;
    }

    public ScriptBundle Server { get; }

    public ScriptBundle ServerWithS3 { get; }

    public ScriptBundle Job { get; }

    public ScriptBundle Hook { get; }

    public static ScriptBundles Of(TemplateSet templates) =>
        new(ScriptBundle.Of(templates, ServerScripts), ScriptBundle.Of(templates, ServerScriptsWithS3),
            ScriptBundle.Of(templates, JobScripts), ScriptBundle.Of(templates, HookScripts));
}

/// <summary>The files of one scripts ConfigMap (file name -> text, in a fixed order) and the hash of all of them.</summary>
public sealed record ScriptBundle(IReadOnlyDictionary<string, object?> Files, string Hash)
{
    private const int HashLength = 10;

    public static ScriptBundle Of(TemplateSet templates, IReadOnlyList<string> names)
    {
        var files = names.ToDictionary(name => name, name => (object?)templates.Text("scripts/" + name), StringComparer.Ordinal);
        var content = new StringBuilder();
        foreach (var (name, text) in files)
        {
            content.Append(name).Append('\0').Append((string)text!).Append('\0');
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content.ToString())))[..HashLength];
        return new ScriptBundle(files, hash);
    }
}
