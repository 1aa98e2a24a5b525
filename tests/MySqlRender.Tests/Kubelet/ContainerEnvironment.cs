using System.Text;
using k8s.Models;

namespace MySqlRender.Tests.Kubelet;

/// <summary>
/// A container's environment exactly as the spec defines it
/// (https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/): the image's PATH,
/// then envFrom, then env in order (later wins); value, fieldRef (downward API), configMapKeyRef, secretKeyRef;
/// `$(NAME)` expands to an earlier variable and `$$` escapes it, in values and in command and args. A missing
/// non-optional object or key fails the container (CreateContainerConfigError). Nothing else is passed in: no HOME,
/// no HOSTNAME, no service links (the rendered pods set enableServiceLinks: false).
/// </summary>
public static class ContainerEnvironment
{
    public static Dictionary<string, string> Resolve(V1Container container, PodContext pod, ClusterObjects cluster, ContainerImage image)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = image.Path };
        foreach (var source in container.EnvFrom ?? [])
        {
            foreach (var (key, value) in FromSource(source, cluster))
            {
                env[(source.Prefix ?? "") + key] = value;
            }
        }
        foreach (var variable in container.Env ?? [])
        {
            if (ValueOf(variable, pod, cluster, env) is { } value)
            {
                env[variable.Name] = value;
            }
        }
        return env;
    }

    /// <summary>Kubernetes' $(VAR) expansion: defined names expand, undefined ones stay as written, $$ is a literal $.</summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> env)
    {
        var output = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '$')
            {
                output.Append('$');
                i++;
            }
            else if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '(' && text.IndexOf(')', i) is var end && end > i
                && env.TryGetValue(text[(i + 2)..end], out var value))
            {
                output.Append(value);
                i = end;
            }
            else
            {
                output.Append(text[i]);
            }
        }
        return output.ToString();
    }

    private static string? ValueOf(V1EnvVar variable, PodContext pod, ClusterObjects cluster, Dictionary<string, string> env)
    {
        if (variable.ValueFrom is not { } from)
        {
            return Expand(variable.Value ?? "", env);
        }
        if (from.FieldRef is { } field)
        {
            return pod.Field(field.FieldPath);
        }
        if (from.SecretKeyRef is { } secretKey)
        {
            var secret = cluster.Find<V1Secret>("Secret", secretKey.Name);
            if (secret?.Data?.TryGetValue(secretKey.Key, out var bytes) == true)
            {
                return Encoding.UTF8.GetString(bytes);
            }
            Assert.True(secretKey.Optional == true, $"env {variable.Name}: Secret {secretKey.Name} key {secretKey.Key} is missing (CreateContainerConfigError)");
            return null;
        }
        if (from.ConfigMapKeyRef is { } mapKey)
        {
            var map = cluster.Find<V1ConfigMap>("ConfigMap", mapKey.Name);
            if (map?.Data?.TryGetValue(mapKey.Key, out var text) == true)
            {
                return text;
            }
            Assert.True(mapKey.Optional == true, $"env {variable.Name}: ConfigMap {mapKey.Name} key {mapKey.Key} is missing (CreateContainerConfigError)");
            return null;
        }
        throw new InvalidOperationException($"env {variable.Name}: this valueFrom is not modelled");
    }

    private static IEnumerable<KeyValuePair<string, string>> FromSource(V1EnvFromSource source, ClusterObjects cluster)
    {
        if (source.SecretRef is { } secretRef)
        {
            var secret = cluster.Find<V1Secret>("Secret", secretRef.Name);
            Assert.True(secret is not null || secretRef.Optional == true, $"envFrom Secret {secretRef.Name} is missing");
            return (secret?.Data ?? new Dictionary<string, byte[]>()).Select(e => KeyValuePair.Create(e.Key, Encoding.UTF8.GetString(e.Value)));
        }
        var mapRef = source.ConfigMapRef ?? throw new InvalidOperationException("envFrom without secretRef or configMapRef");
        var map = cluster.Find<V1ConfigMap>("ConfigMap", mapRef.Name);
        Assert.True(map is not null || mapRef.Optional == true, $"envFrom ConfigMap {mapRef.Name} is missing");
        return map?.Data ?? new Dictionary<string, string>();
    }
}
