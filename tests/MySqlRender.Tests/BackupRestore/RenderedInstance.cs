using k8s;
using k8s.Models;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>The objects `mysqlrender render` made for one input, as typed Kubernetes objects.</summary>
public sealed class RenderedInstance
{
    private RenderedInstance(string yaml, IReadOnlyList<object> objects)
    {
        Yaml = yaml;
        Objects = objects;
    }

    public string Yaml { get; }

    public IReadOnlyList<object> Objects { get; }

    public static RenderedInstance Render(string path, params string[] options)
    {
        var result = CliRunner.Run(["render", path, "--only-mysql", .. options]); // pass-through kinds (SealedSecret) are not typed
        Assert.True(result.ExitCode == 0, result.Stderr);
        return new RenderedInstance(result.Stdout, [.. Documents(result.Stdout).Select(Load)]);
    }

    private static IEnumerable<string> Documents(string yaml) =>
        // The separator takes the newline that ends each document's last line: give it back, or a block scalar that
        // ends a document (a scripts ConfigMap's last file) would lose its final newline.
        yaml.Split("\n---\n").Select(d => d.TrimStart('-', '\n') + "\n").Where(d => d.Contains("\napiVersion: ", StringComparison.Ordinal) || d.StartsWith("apiVersion: ", StringComparison.Ordinal));

    /// <summary>
    /// Built-in kinds as the client's models; the Prometheus Operator's kinds (ServiceMonitor, PrometheusRule), which
    /// the client has no model of, by their apiVersion, kind and metadata only.
    /// </summary>
    private static object Load(string document) =>
        document.Contains("apiVersion: monitoring.coreos.com/", StringComparison.Ordinal)
            ? KubernetesYaml.Deserialize<OperatorObject>(document)
            : KubernetesYaml.LoadAllFromString(document).Single();

    /// <summary>An object of a custom resource kind, read for its header only.</summary>
    public sealed class OperatorObject : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = "";
        public string Kind { get; set; } = "";
        public V1ObjectMeta Metadata { get; set; } = new();
    }

    /// <summary>Writes a MySQL resource to a file in <paramref name="folder"/> and renders it.</summary>
    public static RenderedInstance RenderResource(string folder, string resourceYaml, params string[] options)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "mysql.yaml"), resourceYaml);
        return Render(folder, options);
    }

    /// <summary>The pod spec of a rendered CronJob or Job.</summary>
    public V1PodSpec PodOf(string kind, string name) => PodTemplateOf(kind, name).Spec;

    public V1PodTemplateSpec PodTemplateOf(string kind, string name) => kind switch
    {
        "CronJob" => One<V1CronJob>(name).Spec.JobTemplate.Spec.Template,
        "Job" => One<V1Job>(name).Spec.Template,
        _ => throw new ArgumentException($"no pod in a {kind}", nameof(kind)),
    };

    public T One<T>(string name) where T : IKubernetesObject<V1ObjectMeta> =>
        Objects.OfType<T>().SingleOrDefault(o => o.Metadata.Name == name)
        ?? throw new InvalidOperationException($"no {typeof(T).Name} {name} in the rendered objects:\n{Yaml}");

    public T? Find<T>(string name) where T : class, IKubernetesObject<V1ObjectMeta> =>
        Objects.OfType<T>().SingleOrDefault(o => o.Metadata.Name == name);

    public IEnumerable<string> Kinds() => Objects.OfType<IKubernetesObject<V1ObjectMeta>>().Select(o => $"{o.Kind}/{o.Metadata.Name}");
}
