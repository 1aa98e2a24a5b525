using k8s.Models;
using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>
/// A model of one Argo CD sync of a rendered instance on the kubelet model node, after the Argo CD docs "Sync Phases
/// and Waves" and "Resource Health" (gitops-engine's sync context): PreSync hooks run first and must succeed; the
/// Sync phase applies the ordinary objects, runs its Sync hooks and waits until both are done and healthy; only then
/// do PostSync hooks run.
/// Health: a PersistentVolumeClaim is healthy once Bound, and a claim of a WaitForFirstConsumer class (the default
/// of EKS, GKE and AKS) binds only when a pod that mounts it is scheduled; a Deployment once its pod is Ready; a hook
/// Job once it completed. A sync that cannot become healthy waits forever: the model reports where it waits.
/// </summary>
public sealed class ArgoCdSync(InstanceOnNode on, bool waitForFirstConsumer = true)
{
    public sealed record Outcome(bool Succeeded, string Phase, string Message, IReadOnlyList<JobRun> Hooks)
    {
        public override string ToString() => $"{Phase}: {Message}\n{string.Concat(Hooks.Select(h => h.ToString()))}";
    }

    public Outcome Run(TimeSpan healthTimeout)
    {
        var hooks = new List<JobRun>();
        foreach (var job in Hooks("PreSync"))
        {
            var run = on.RunJob(job.Metadata.Name);
            hooks.Add(run);
            if (!run.Succeeded)
            {
                return new Outcome(false, "PreSync", $"hook {job.Metadata.Name} failed", hooks);
            }
        }
        var server = on.Instance.Objects.OfType<V1Deployment>().Any() ? on.StartServer(waitReady: false) : null;
        foreach (var job in Hooks("Sync")) // Sync hooks run with the ordinary objects; the phase waits for both
        {
            var run = on.RunJob(job.Metadata.Name);
            hooks.Add(run);
            if (!run.Succeeded)
            {
                return new Outcome(false, "Sync", $"hook {job.Metadata.Name} failed", hooks);
            }
        }
        var deadline = DateTime.UtcNow + healthTimeout;
        string? unhealthy;
        while ((unhealthy = Unhealthy(server)) is not null)
        {
            if (DateTime.UtcNow > deadline)
            {
                return new Outcome(false, "Sync", $"waiting for health: {unhealthy}", hooks);
            }
            Thread.Sleep(200);
        }
        foreach (var job in Hooks("PostSync"))
        {
            var run = on.RunJob(job.Metadata.Name);
            hooks.Add(run);
            if (!run.Succeeded)
            {
                return new Outcome(false, "PostSync", $"hook {job.Metadata.Name} failed", hooks);
            }
        }
        return new Outcome(true, "Succeeded", "synced and healthy", hooks);
    }

    private IEnumerable<V1Job> Hooks(string phase) => on.Instance.Objects.OfType<V1Job>()
        .Where(j => Annotation(j, "argocd.argoproj.io/hook")?.Split(',').Contains(phase) == true)
        .OrderBy(j => int.Parse(Annotation(j, "argocd.argoproj.io/sync-wave") ?? "0", System.Globalization.CultureInfo.InvariantCulture))
        .ThenBy(j => j.Metadata.Name, StringComparer.Ordinal);

    private static string? Annotation(V1Job job, string key) =>
        job.Metadata.Annotations is { } annotations && annotations.TryGetValue(key, out var value) ? value : null;

    /// <summary>The first ordinary object that is not healthy yet, or null.</summary>
    private string? Unhealthy(KubeletPod? server)
    {
        var mounted = (server?.Spec.Volumes ?? []).Where(v => v.PersistentVolumeClaim is not null)
            .Select(v => v.PersistentVolumeClaim.ClaimName).ToHashSet(StringComparer.Ordinal);
        foreach (var claim in on.Instance.Objects.OfType<V1PersistentVolumeClaim>())
        {
            var dynamic = claim.Spec.VolumeName is null && claim.Spec.Selector is null;
            if (dynamic && waitForFirstConsumer && !mounted.Contains(claim.Metadata.Name))
            {
                return $"PersistentVolumeClaim {claim.Metadata.Name} is Pending (WaitForFirstConsumer: no scheduled pod mounts it)";
            }
        }
        if (server is { Ready: false })
        {
            return $"Deployment {on.Deployment.Metadata.Name} has no Ready pod";
        }
        return null;
    }
}
