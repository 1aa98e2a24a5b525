using System.Text.RegularExpressions;
using MySqlRender.Cli;
using MySqlRender.Hosting;
using MySqlRender.Plugins;
using MySqlRender.Shared;

namespace MySqlRender.Tests.Plugins;

/// <summary>mysqlrender as a legacy kustomize exec plugin, driven through the real <c>kubectl kustomize</c>.</summary>
public sealed class KustomizeTests
{
    private static string Kubectl() => ExternalTool.Require("kubectl", "kubectl with its built-in kustomize (v5.x)");

    [Fact]
    public void Install_links_the_executable_where_kustomize_looks_and_is_idempotent()
    {
        using var temp = new TempFolder();
        var env = new Dictionary<string, string?> { ["KUSTOMIZE_PLUGIN_HOME"] = null, ["XDG_CONFIG_HOME"] = temp.Of("xdg") };

        var first = MySqlRenderBinary.Run(["kustomize", "install"], environment: env);
        var second = MySqlRenderBinary.Run(["kustomize", "install"], environment: env);

        var plugin = temp.Of("xdg", "kustomize", "plugin", "otus.homework", "v1", "mysql", "MySQL");
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains($"installed: {plugin} -> ", first.Stdout);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("already installed", second.Stdout);
        Assert.Equal(Path.GetFullPath(MySqlRenderBinary.Path), new FileInfo(plugin).LinkTarget);
    }

    [Fact]
    public void Install_honours_KUSTOMIZE_PLUGIN_HOME_and_replaces_a_stale_plugin()
    {
        using var temp = new TempFolder();
        var plugin = temp.Of("home", "otus.homework", "v1", "mysql", "MySQL");
        Directory.CreateDirectory(Path.GetDirectoryName(plugin)!);
        File.WriteAllText(plugin, "#!/bin/sh\necho old\n");

        var result = MySqlRenderBinary.Run(["kustomize", "install"],
            environment: new Dictionary<string, string?> { ["KUSTOMIZE_PLUGIN_HOME"] = temp.Of("home") });

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("replaced", result.Stdout);
        Assert.Equal(Path.GetFullPath(MySqlRenderBinary.Path), new FileInfo(plugin).LinkTarget);
    }

    [Fact]
    public void The_example_builds_through_kubectl_kustomize_to_its_golden_file()
    {
        var kubectl = Kubectl();
        using var temp = new TempFolder();
        var home = PluginHomeFixture.Install(temp);
        var folder = temp.CopyFromRepo("examples/kustomize", "kustomize");

        var result = PluginHomeFixture.KubectlKustomize(kubectl, home, folder);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Snapshot.Match("kustomize/example.yaml", result.Stdout);
    }

    [Fact]
    public void Without_transformers_kustomize_yields_the_objects_render_prints()
    {
        var kubectl = Kubectl();
        using var temp = new TempFolder();
        var home = PluginHomeFixture.Install(temp);
        var folder = temp.CopyFromRepo("examples/kustomize", "plain");
        File.WriteAllText(Path.Combine(folder, "kustomization.yaml"), "generators:\n  - orders.yaml\n  - reports.yaml\n");

        var built = PluginHomeFixture.KubectlKustomize(kubectl, home, folder);
        var rendered = CliRunner.Run("render", "--only-mysql", "examples/kustomize/orders.yaml", "examples/kustomize/reports.yaml");

        Assert.True(built.ExitCode == 0, built.Stderr);
        Assert.Equal(0, rendered.ExitCode);
        var fromKustomize = KubernetesObjects.Parse(built.Stdout).ToDictionary(KubernetesObjects.Id);
        var fromRender = KubernetesObjects.Parse(rendered.Stdout);
        Assert.Equal(fromRender.Select(KubernetesObjects.Id).Order(), fromKustomize.Keys.Order());
        Assert.All(fromRender, o => Assert.True(DocumentMatcher.SameData(o, fromKustomize[KubernetesObjects.Id(o)]), KubernetesObjects.Id(o)));
    }

    [Fact]
    public void References_between_objects_survive_namePrefix_namespace_labels_and_hashed_secrets()
    {
        var kubectl = Kubectl();
        using var temp = new TempFolder();
        var home = PluginHomeFixture.Install(temp);
        var result = PluginHomeFixture.KubectlKustomize(kubectl, home, temp.CopyFromRepo("examples/kustomize", "kustomize"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var objects = KubernetesObjects.Parse(result.Stdout);
        string[] NamesOf(string kind) => [.. objects.Where(o => KubernetesObjects.Kind(o) == kind).Select(KubernetesObjects.Name)];

        Assert.All(objects.Where(o => KubernetesObjects.Kind(o) != "PersistentVolume"), o =>
        {
            Assert.StartsWith("shop-", KubernetesObjects.Name(o));
            Assert.Equal("shop", KubernetesObjects.Text(o, "metadata", "namespace"));
            Assert.Equal("shop", KubernetesObjects.Text(o, "metadata", "labels", "team"));
        });
        Assert.All(Scalars(objects, "claimName"), claim => Assert.Contains(claim, NamesOf("PersistentVolumeClaim")));
        Assert.All(Scalars(objects, "secretName"), secret => Assert.Contains(secret, (string[])[.. NamesOf("Secret"), "reports-root"]));
        Assert.Contains(Scalars(objects, "secretName"), s => Regex.IsMatch(s, "^shop-orders-root-[a-z0-9]{10}$"));
        Assert.All(ServiceHosts(objects), host => Assert.Contains(host, NamesOf("Service")));
        foreach (var deployment in objects.Where(o => KubernetesObjects.Kind(o) == "Deployment"))
        {
            var service = objects.Single(o => KubernetesObjects.Id(o) == $"Service/{KubernetesObjects.Name(deployment)}");
            var selector = Assert.IsType<YMapping>(((YMapping)service["spec"]!)["selector"]);
            Assert.All(selector.Entries, label => Assert.Equal(label.Value is YScalar v ? v.Value : null,
                KubernetesObjects.Text(deployment, "spec", "template", "metadata", "labels", label.Key.Value)));
        }
    }

    [Fact]
    public void Script_ConfigMap_references_follow_namePrefix_and_nameSuffix()
    {
        // kustomize's built-in nameReference covers configMap volumes in Deployment, CronJob and Job pod templates
        // and projected volume sources (api/internal/konfig/builtinpluginconsts/namereference.go), so no entry in mysqlrender-references.yaml is needed.
        var kubectl = Kubectl();
        using var temp = new TempFolder();
        var home = PluginHomeFixture.Install(temp);
        var folder = temp.CopyFromRepo("examples/kustomize", "kustomize");
        File.AppendAllText(Path.Combine(folder, "kustomization.yaml"), "nameSuffix: -eu\n");

        var result = PluginHomeFixture.KubectlKustomize(kubectl, home, folder);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var objects = KubernetesObjects.Parse(result.Stdout);
        var configMaps = objects.Where(o => KubernetesObjects.Kind(o) == "ConfigMap").Select(KubernetesObjects.Name).ToList();
        Assert.All(configMaps, name => Assert.Matches("^shop-(orders|reports)-((server|job)-scripts-[0-9a-f]{10}|config)-eu$", name));
        var references = objects.SelectMany(o => KubernetesObjects.ValuesOf(o, "configMap")).OfType<YMapping>()
            .Select(volume => KubernetesObjects.Text(volume, "name")!).ToList();
        // per instance (11): the Deployment (its scripts ConfigMap and NAME-config), the accounts Job (the server's
        // scripts), and the backup and drill CronJobs, the restore and the PreDelete Job (each a projected volume of the
        // server's and the job scripts ConfigMap)
        Assert.Equal(22, references.Count);
        Assert.All(references, name => Assert.Contains(name, configMaps));
    }

    [Theory]
    [InlineData("kubectl", 0)]
    [InlineData("argocd", 2)]
    public void MYSQLRENDER_TARGET_in_kustomizes_environment_renders_for_plain_kubectl(string target, int preDeleteJobs)
    {
        var kubectl = Kubectl();
        using var temp = new TempFolder();
        var home = PluginHomeFixture.Install(temp);
        var folder = temp.CopyFromRepo("examples/kustomize", "kustomize");

        var result = ProcessRunner.Run(kubectl, ["kustomize", "--enable-alpha-plugins", folder],
            environment: new Dictionary<string, string?> { ["KUSTOMIZE_PLUGIN_HOME"] = home, ["MYSQLRENDER_TARGET"] = target });

        Assert.True(result.ExitCode == 0, result.Stderr);
        var names = KubernetesObjects.Parse(result.Stdout).Where(o => KubernetesObjects.Kind(o) == "Job").Select(KubernetesObjects.Name).ToList();
        Assert.Equal(preDeleteJobs, names.Count(n => n.EndsWith("-job", StringComparison.Ordinal) && n.Contains("backup-", StringComparison.Ordinal)));
        Assert.Equal(2, names.Count(n => n.Contains("restore-", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_wrong_MYSQLRENDER_TARGET_fails_the_build_with_what_to_set()
    {
        var kubectl = Kubectl();
        using var temp = new TempFolder();
        var home = PluginHomeFixture.Install(temp);
        var folder = temp.CopyFromRepo("examples/kustomize", "kustomize");

        var result = ProcessRunner.Run(kubectl, ["kustomize", "--enable-alpha-plugins", folder],
            environment: new Dictionary<string, string?> { ["KUSTOMIZE_PLUGIN_HOME"] = home, ["MYSQLRENDER_TARGET"] = "kubctl" });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("MYSQLRENDER_TARGET='kubctl' is not a render target", result.Stderr);
        Assert.Contains("set it to argocd or kubectl", result.Stderr);
    }

    [Fact]
    public void A_node_pinned_hostPath_volume_stays_reserved_for_its_claim_under_namePrefix_and_namespace()
    {
        // kustomize renames the PV and the claim's volumeName by itself; mysqlrender-references.yaml teaches it the
        // PV's claimRef (name and namespace), without which the renamed claim could never bind its reserved PV.
        var kubectl = Kubectl();
        using var temp = new TempFolder();
        var home = PluginHomeFixture.Install(temp);
        var folder = temp.CopyFromRepo("examples/kustomize", "kustomize");
        File.WriteAllText(Path.Combine(folder, "edge.yaml"), """
            apiVersion: otus.homework/v1
            kind: MySQL
            metadata:
              name: edge
              namespace: rendered-ns
            spec:
              database: edge
              passwordSecretRef: {name: edge-root}
              storage_size: 1Gi
              hostPath: {path: /srv/mysql, node: edge-node-1}
            """);
        var kustomization = Path.Combine(folder, "kustomization.yaml");
        File.WriteAllText(kustomization, File.ReadAllText(kustomization).Replace("  - reports.yaml\n", "  - reports.yaml\n  - edge.yaml\n", StringComparison.Ordinal));

        var result = PluginHomeFixture.KubectlKustomize(kubectl, home, folder);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var objects = KubernetesObjects.Parse(result.Stdout);
        var volumes = objects.Where(o => KubernetesObjects.Kind(o) == "PersistentVolume").ToList();
        Assert.Equal(["shop-backup-rendered-ns-edge-pv", "shop-rendered-ns-edge-pv"], volumes.Select(KubernetesObjects.Name).Order(StringComparer.Ordinal));
        foreach (var claim in objects.Where(o => KubernetesObjects.Kind(o) == "PersistentVolumeClaim" && KubernetesObjects.Name(o).Contains("edge", StringComparison.Ordinal)))
        {
            var volume = Assert.Single(volumes, v => KubernetesObjects.Name(v) == KubernetesObjects.Text(claim, "spec", "volumeName"));
            Assert.Equal(KubernetesObjects.Name(claim), KubernetesObjects.Text(volume, "spec", "claimRef", "name"));
            Assert.Equal("shop", KubernetesObjects.Text(volume, "spec", "claimRef", "namespace"));
        }
    }

    /// <summary>
    /// Where backup/restore pods learn the Service to connect to: the pod-template annotation kustomize renames
    /// (examples/kustomize/mysqlrender-references.yaml), or a literal MYSQL_HOST value, which must then also match.
    /// </summary>
    private static IEnumerable<string> ServiceHosts(IEnumerable<YMapping> objects) =>
        Scalars(objects, "mysqlrender.otus.homework/mysql-host").Concat(objects
            .SelectMany(o => KubernetesObjects.ValuesOf(o, "env")).OfType<YSequence>().SelectMany(env => env.Items).OfType<YMapping>()
            .Where(variable => KubernetesObjects.Text(variable, "name") == "MYSQL_HOST" && variable["value"] is YScalar)
            .Select(variable => KubernetesObjects.Text(variable, "value")!));

    private static IEnumerable<string> Scalars(IEnumerable<YMapping> objects, string key) =>
        objects.SelectMany(o => KubernetesObjects.ValuesOf(o, key)).OfType<YScalar>().Select(s => s.Value);

    [Fact]
    public void Errors_surface_through_kustomize_located_in_the_users_file()
    {
        var kubectl = Kubectl();
        using var temp = new TempFolder();
        var home = PluginHomeFixture.Install(temp);
        var folder = temp.CopyFromRepo("examples/kustomize", "kustomize");
        var orders = Path.Combine(folder, "orders.yaml");
        File.WriteAllText(orders, File.ReadAllText(orders).Replace("storage_size: 20Gi", "storage_size: 20GB\n  storge_class: fast"));
        var lines = File.ReadAllLines(orders);
        var sizeLine = Array.FindIndex(lines, l => l.Contains("20GB")) + 1;

        var result = PluginHomeFixture.KubectlKustomize(kubectl, home, folder);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains($"orders.yaml:{sizeLine}:17: error MR1104: MySQL/orders spec.storage_size: '20GB' is not a Kubernetes quantity", result.Stderr);
        Assert.Contains($"orders.yaml:{sizeLine + 1}:3: error MR1101: MySQL/orders spec.storge_class: unknown field", result.Stderr);
    }

    [Fact]
    public void Kubectl_kustomize_silently_skips_exec_KRM_functions_and_the_docs_do_not_claim_otherwise()
    {
        var kubectl = Kubectl();
        using var temp = new TempFolder();
        File.WriteAllText(temp.Of("kustomization.yaml"), "generators:\n  - mysql.yaml\n");
        File.WriteAllText(temp.Of("mysql.yaml"), $$"""
            apiVersion: otus.homework/v1
            kind: MySQL
            metadata:
              name: skipped
              annotations:
                config.kubernetes.io/function: |
                  exec:
                    path: {{MySqlRenderBinary.Path}}
            spec:
              database: skipped
              storage_size: 1Gi
              passwordSecretRef:
                name: skipped-root
            """);

        var result = ProcessRunner.Run(kubectl, ["kustomize", "--enable-alpha-plugins", temp.Path]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("", result.Stdout.Trim());
        foreach (var doc in new[] { "docs/kustomize.md", "docs/kpt.md", "README.md" })
        {
            var text = File.ReadAllText(RepoPaths.Of(doc.Split('/')));
            Assert.DoesNotMatch(@"kubectl kustomize[^\n`]*--enable-exec", text);
        }
        var kustomizeDoc = Regex.Replace(File.ReadAllText(RepoPaths.Of("docs", "kustomize.md")), @"\s+", " ");
        Assert.Contains("`kubectl kustomize` silently skips exec KRM functions", kustomizeDoc);
    }

    [Fact]
    public void The_exec_plugin_call_is_recognised_only_with_the_kustomize_variable_set()
    {
        var config = RepoPaths.Of("examples", "kustomize", "reports.yaml");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr) { WorkingDirectory = RepoPaths.Of("examples", "kustomize") };

        var asPlugin = CliApp.Run([config], console, name => name == "KUSTOMIZE_PLUGIN_CONFIG_STRING" ? "(config)" : null);
        var plain = CliRunner.Run(config);

        Assert.True(asPlugin == 0, stderr.ToString());
        Assert.Contains("name: reports\n", stdout.ToString());
        Assert.Equal(2, plain.ExitCode);
    }
}
