using System.Collections.Concurrent;
using MySqlRender.Model;

namespace MySqlRender.Rendering;

/// <summary>
/// Which container scripts (<c>templates/scripts/</c>) an instance carries, in which ConfigMap, each script once and
/// only when something of the instance runs it:
/// - <c>NAME-server-scripts-HASH</c>: what the server pod runs (and the libraries every script sources). A change to
///   it changes the Deployment's pod template: an explicit restart.
/// - <c>NAME-job-scripts-HASH</c>: what only Jobs and CronJobs run. Their pods mount both ConfigMaps into one folder
///   (a projected volume), so a script finds <c>lib.sh</c> beside it while the library is rendered once; a change to
///   a Job-only script never changes the Deployment, so it never restarts the database.
/// - <c>NAME-hook-scripts-HASH</c>: a self-contained copy for a PreSync backup (the retired instance's final backup,
///   spec.backup.beforeChange): PreSync runs before the sync applies the ordinary ConfigMaps, so it cannot rely on
///   them (Argo CD docs, "Sync Phases and Waves").
/// Names carry the hash of the content, as kustomize's configMapGenerator does: a script change is a new ConfigMap
/// and a new pod template, never a changed file under a running pod.
/// </summary>
public sealed class ScriptBundles(TemplateSet templates)
{
    /// <summary>What every server pod runs. Adding a script here restarts every server on upgrade.</summary>
    public static readonly IReadOnlyList<string> ServerScripts = ["readiness.sh", "server-start.sh", "lib.sh", "server-init.sh", "accounts.sh"];

    /// <summary>
    /// Every script an instance that is not retired may carry, its ConfigMap, and when it is used. The shared libraries
    /// live with the server's scripts (the server sources them, and Jobs see them through the projected volume).
    /// </summary>
    public static readonly IReadOnlyList<ScriptUse> Uses =
    [
        .. ServerScripts.Select(script => new ScriptUse(script, ScriptHome.Server, _ => true)),
        // i15: the server pod's fetch init container and, through the projected volume, the upload container's library.
        new("s3-lib.sh", ScriptHome.Server, spec => spec.Backup.S3 is not null),
        new("s3-fetch.sh", ScriptHome.Server, spec => spec.Backup.S3 is not null),
        new("backup.sh", ScriptHome.Job, spec => spec.Backup.Enabled),
        new("restore-check.sh", ScriptHome.Job, spec => spec.Restore.Enabled),
        new("verify.sh", ScriptHome.Job, spec => spec.Backup.Enabled && spec.Backup.Verify.Enabled),
        new("s3-upload.sh", ScriptHome.Job, spec => spec.Backup.Enabled && spec.Backup.S3 is not null),
        // i15/i16: the drill from the bucket fetches the newest remote dump and uploads its verdict beside it.
        new("s3-drill-fetch.sh", ScriptHome.Job, spec => spec.Backup.Enabled && spec.Backup.Verify.Enabled && spec.Backup.S3 is not null),
        new("s3-drill-report.sh", ScriptHome.Job, spec => spec.Backup.Enabled && spec.Backup.Verify.Enabled && spec.Backup.S3 is not null),
    ];

    /// <summary>What a PreSync backup runs (its hook-phase copy): the backup, its library, the upload with spec.backup.s3.</summary>
    public static readonly IReadOnlyList<ScriptUse> HookUses =
    [
        new("lib.sh", ScriptHome.Hook, _ => true),
        new("backup.sh", ScriptHome.Hook, _ => true),
        new("s3-lib.sh", ScriptHome.Hook, spec => spec.Backup.S3 is not null),
        new("s3-upload.sh", ScriptHome.Hook, spec => spec.Backup.S3 is not null),
    ];

    /// <summary>Where every container mounts its scripts (read-only, mode 0555).</summary>
    public const string MountPath = "/opt/mysqlrender/scripts";

    /// <summary>One bundle per distinct list of files: hashed once per template set, shared by every instance.</summary>
    private readonly ConcurrentDictionary<string, ScriptBundle> bundles = new(StringComparer.Ordinal);

    /// <summary>The files of <paramref name="home"/> that an instance with this spec runs, in the order of the table.</summary>
    public static IReadOnlyList<string> FilesOf(ScriptHome home, MySqlSpec spec) =>
        [.. (home == ScriptHome.Hook ? HookUses : Uses).Where(use => use.Home == home && use.IsUsedBy(spec)).Select(use => use.File)];

    /// <summary>Whether the instance renders the job scripts ConfigMap: some Job or CronJob of it runs a Job-only script.</summary>
    public static bool HasJobScripts(MySqlSpec spec) => FilesOf(ScriptHome.Job, spec).Count > 0;

    public ScriptBundle For(ScriptHome home, MySqlSpec spec)
    {
        var files = FilesOf(home, spec);
        return bundles.GetOrAdd(string.Join('\0', files), _ => ScriptBundle.Of(templates, files));
    }
}
