using k8s.Models;

namespace MySqlRender.Tests.Kubelet;

/// <summary>
/// An exec probe (https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/):
/// the command runs inside the container; exit 0 is success; a probe that outlives timeoutSeconds fails.
/// successThreshold and failureThreshold are counted as the kubelet counts them. Time is compressed: the model
/// probes every <see cref="Period"/> instead of periodSeconds and ignores initialDelaySeconds, which changes how soon
/// a state is seen, never which states are seen. Only exec probes are modelled (the rendered pods use no other).
/// </summary>
public sealed class ContainerProbe(V1Probe probe)
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(400);
    private int successes;
    private int failures;

    /// <summary>True after successThreshold consecutive successes, false again after failureThreshold failures.</summary>
    public bool Passing { get; private set; }

    /// <summary>failureThreshold consecutive failures were seen (a startup probe then has the container restarted).</summary>
    public bool FailedThreshold => failures >= (probe.FailureThreshold ?? 3);

    public string LastOutput { get; private set; } = "";

    public void RunOnce(ContainerProcess container)
    {
        var command = probe.Exec?.Command ?? throw new InvalidOperationException("only exec probes are modelled");
        var result = container.Exec([.. command], TimeSpan.FromSeconds(probe.TimeoutSeconds ?? 1));
        LastOutput = result.Stdout + result.Stderr;
        if (result.ExitCode == 0)
        {
            failures = 0;
            successes++;
            Passing |= successes >= (probe.SuccessThreshold ?? 1);
        }
        else
        {
            successes = 0;
            failures++;
            Passing &= !FailedThreshold;
        }
    }
}
