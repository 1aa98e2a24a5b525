using System.Text;
using YamlDotNet.RepresentationModel;

namespace MySqlRender.Tests;

/// <summary>
/// Policies every golden manifest stream (every *.yaml under tests/snapshots/, so goldens added later are covered)
/// must meet, so that a template change cannot regress them: Pod Security "restricted" for every pod template of
/// any workload kind, requests and limits on every container, no Secret value outside a Secret, no moving image
/// tag unless the render warned about it.
/// </summary>
public sealed class OutputPolicyTests
{
    public static TheoryData<string> Goldens() => [.. GoldenNames()];

    private static IEnumerable<string> GoldenNames() =>
        Directory.EnumerateFiles(RepoPaths.Of("tests", "snapshots"), "*.yaml", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepoPaths.Of("tests", "snapshots"), path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Every_pod_meets_pod_security_restricted(string golden)
    {
        var problems = PodSpecsOf(golden).SelectMany(RestrictedViolations).ToList();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Every_container_has_cpu_and_memory_requests_and_limits(string golden)
    {
        var problems = PodSpecsOf(golden).SelectMany(ResourceViolations).ToList();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void No_secret_value_appears_outside_a_secret(string golden)
    {
        var leaks = SecretLeaks(Yaml.Documents(Read(golden))).ToList();

        Assert.True(leaks.Count == 0, string.Join('\n', leaks.Distinct()));
    }

    /// <summary>Goldens may not enable every feature: a resource that does (backup, restore, hostPath, resources) is checked too.</summary>
    [Fact]
    public void A_resource_with_every_feature_enabled_renders_within_the_policies()
    {
        var result = CliRunner.Run("render", "tests/cases/fuzz/full.yaml");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var documents = Yaml.Documents(result.Stdout);
        var pods = documents.Select(PodSpecs.Find).OfType<PodSpecOf>().ToList();
        Assert.NotEmpty(pods);
        Assert.Empty(pods.SelectMany(RestrictedViolations));
        Assert.Empty(pods.SelectMany(ResourceViolations));
        Assert.Empty(SecretLeaks(documents));
        Assert.Single(documents, d => Yaml.Text(d, "kind") == "Secret");
    }

    private static IEnumerable<string> ResourceViolations(PodSpecOf pod) =>
        pod.Containers.SelectMany(container =>
            from section in new[] { "requests", "limits" }
            from resource in new[] { "cpu", "memory" }
            where Yaml.Text(container, "resources", section, resource) is not { Length: > 0 }
            select $"{pod.Object} container {Yaml.Text(container, "name")}: no resources.{section}.{resource}");

    private static IEnumerable<string> SecretLeaks(IReadOnlyList<YamlMappingNode> documents)
    {
        var secrets = documents.Where(d => Yaml.Text(d, "kind") == "Secret").SelectMany(SecretValues)
            .Where(value => value.Length >= 6).Distinct().ToList();
        var forms = secrets.SelectMany(value => new[] { value, Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) }).ToList();
        return from document in documents
               where Yaml.Text(document, "kind") != "Secret"
               from scalar in Yaml.Scalars(document)
               from form in forms
               where scalar.Contains(form, StringComparison.Ordinal)
               select $"{Yaml.Text(document, "kind")}/{Yaml.Text(Yaml.Mapping(document, "metadata"), "name")} holds a Secret value";
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void No_moving_image_tag_unless_the_render_warned(string golden)
    {
        var moving = PodSpecsOf(golden).SelectMany(pod => pod.Containers.Select(c => Yaml.Text(c, "image") ?? ""))
            .Where(IsMovingTag).ToList();
        var stderr = Path.ChangeExtension(RepoPaths.Of("tests", "snapshots", golden), ".stderr");
        var warned = File.Exists(stderr) && File.ReadAllText(stderr).Contains("warning MR1110", StringComparison.Ordinal);

        Assert.True(moving.Count == 0 || warned, $"moving image tags without a warning: {string.Join(", ", moving)}");
    }

    [Theory]
    [InlineData("mysql:latest")]
    [InlineData("mysql")]
    [InlineData("registry.example.com:5000/team/mysql")]
    public void A_moving_tag_the_user_asked_for_renders_with_a_warning(string image)
    {
        using var folder = new TempFolder();
        folder.Write("mysql.yaml", $"""
            apiVersion: otus.homework/v1
            kind: MySQL
            metadata:
              name: latest-db
            spec:
              image: {image}
              database: app
              storage_size: 1Gi
              passwordSecretRef: {"{name: root}"}
            """);

        var result = CliRunner.RunIn(folder.Path, "render", "mysql.yaml");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"image: {image}\n", result.Stdout);
        Assert.Matches(@"mysql.yaml:\d+:\d+: warning MR1110: ", result.Stderr);
    }

    [Fact]
    public void The_restricted_check_catches_a_violating_pod()
    {
        const string pod = """
            apiVersion: v1
            kind: Pod
            metadata: {name: bad}
            spec:
              hostNetwork: true
              volumes: [{name: host, hostPath: {path: /}}]
              containers:
                - name: c
                  image: busybox:1.36
                  securityContext: {privileged: true, capabilities: {add: [SYS_ADMIN]}}
            """;

        var problems = RestrictedViolations(PodSpecs.Find(Yaml.Documents(pod)[0])!).ToList();

        Assert.Equal(8, problems.Count);
    }

    [Fact]
    public void The_leak_and_resource_checks_catch_violations()
    {
        const string stream = """
            apiVersion: v1
            kind: Secret
            metadata: {name: s}
            stringData: {password: hunter2-secret}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: c}
            data: {copy: "prefix aHVudGVyMi1zZWNyZXQ= suffix"}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: j}
            spec:
              template:
                spec:
                  containers: [{name: c, image: busybox:1.36, resources: {requests: {cpu: 10m}}}]
            """;
        var documents = Yaml.Documents(stream);

        Assert.Equal(["ConfigMap/c holds a Secret value"], SecretLeaks(documents));
        Assert.Equal(3, documents.Select(PodSpecs.Find).OfType<PodSpecOf>().SelectMany(ResourceViolations).Count());
    }

    [Fact]
    public void The_goldens_include_a_workload_of_each_rendered_kind()
    {
        var kinds = GoldenNames().SelectMany(g => Yaml.Documents(Read(g)))
            .Select(d => Yaml.Text(d, "kind")).ToHashSet();

        Assert.Contains("Deployment", kinds);
    }

    private static IEnumerable<string> RestrictedViolations(PodSpecOf pod)
    {
        var spec = pod.Spec;
        foreach (var host in new[] { "hostNetwork", "hostPID", "hostIPC" })
        {
            if (Yaml.Text(spec, host) == "true")
            {
                yield return $"{pod.Object}: {host}";
            }
        }
        foreach (var volume in Yaml.Sequence(spec, "volumes").OfType<YamlMappingNode>())
        {
            foreach (var source in volume.Children.Keys.Select(k => k.ToString()).Where(k => k != "name" && !AllowedVolumes.Contains(k)))
            {
                yield return $"{pod.Object}: volume {Yaml.Text(volume, "name")} is a {source} volume";
            }
        }
        var podContext = Yaml.Mapping(spec, "securityContext");
        foreach (var container in pod.Containers)
        {
            var name = $"{pod.Object} container {Yaml.Text(container, "name")}";
            var context = Yaml.Mapping(container, "securityContext");
            if ((Yaml.Text(context, "runAsNonRoot") ?? Yaml.Text(podContext, "runAsNonRoot")) != "true")
            {
                yield return $"{name}: runAsNonRoot is not true";
            }
            if ((Yaml.Text(context, "runAsUser") ?? Yaml.Text(podContext, "runAsUser")) == "0")
            {
                yield return $"{name}: runAsUser 0";
            }
            if (Yaml.Text(context, "allowPrivilegeEscalation") != "false")
            {
                yield return $"{name}: allowPrivilegeEscalation is not explicitly false";
            }
            if (Yaml.Text(context, "privileged") == "true")
            {
                yield return $"{name}: privileged";
            }
            var capabilities = Yaml.Mapping(context, "capabilities");
            if (!Yaml.Sequence(capabilities, "drop").Select(c => c.ToString()).Contains("ALL"))
            {
                yield return $"{name}: capabilities do not drop ALL";
            }
            foreach (var added in Yaml.Sequence(capabilities, "add").Select(c => c.ToString()).Where(c => c != "NET_BIND_SERVICE"))
            {
                yield return $"{name}: adds capability {added}";
            }
            var seccomp = Yaml.Text(context, "seccompProfile", "type") ?? Yaml.Text(podContext, "seccompProfile", "type");
            if (seccomp is not ("RuntimeDefault" or "Localhost"))
            {
                yield return $"{name}: seccompProfile is {seccomp ?? "unset"}, not RuntimeDefault or Localhost";
            }
            if (Yaml.Sequence(container, "ports").OfType<YamlMappingNode>().Any(p => Yaml.Text(p, "hostPort") is not (null or "0")))
            {
                yield return $"{name}: hostPort";
            }
        }
    }

    private static readonly HashSet<string> AllowedVolumes =
        ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    private static IEnumerable<string> SecretValues(YamlMappingNode secret) =>
        Yaml.Scalars(Yaml.Mapping(secret, "stringData") ?? new YamlMappingNode())
            .Concat(Yaml.Scalars(Yaml.Mapping(secret, "data") ?? new YamlMappingNode()).Select(Base64Decoded));

    private static string Base64Decoded(string value) => Encoding.UTF8.GetString(Convert.FromBase64String(value));

    private static bool IsMovingTag(string image)
    {
        if (image.Contains('@'))
        {
            return false;
        }
        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        return !lastSegment.Contains(':') || lastSegment.EndsWith(":latest", StringComparison.Ordinal);
    }

    private static IEnumerable<PodSpecOf> PodSpecsOf(string golden) =>
        Yaml.Documents(Read(golden)).Select(PodSpecs.Find).OfType<PodSpecOf>();

    private static string Read(string golden) => File.ReadAllText(RepoPaths.Of("tests", "snapshots", golden));
}
