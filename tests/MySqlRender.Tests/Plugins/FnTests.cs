using MySqlRender.Cli;
using MySqlRender.Hosting;
using MySqlRender.Plugins.Krm;

namespace MySqlRender.Tests.Plugins;

/// <summary><c>mysqlrender fn</c> in-process, for the contract details kpt does not show: output shape on failure, functionConfig.</summary>
public sealed class FnTests
{
    private static CliResult Fn(string stdin)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr) { WorkingDirectory = RepoPaths.Root, In = new StringReader(stdin) };
        var code = CliApp.Run(["fn"], console);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    private const string Items = """
        apiVersion: config.kubernetes.io/v1
        kind: ResourceList
        items:
          - apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings # a comment that must survive
              annotations:
                config.kubernetes.io/path: 'settings.yaml'
                internal.config.kubernetes.io/path: 'settings.yaml'
            data: {mode: "on"}
          - apiVersion: otus.homework/v1
            kind: MySQL
            metadata:
              name: db
              annotations:
                config.kubernetes.io/path: 'db/mysql.yaml'
                internal.config.kubernetes.io/path: 'db/mysql.yaml'
            spec:
              database: app
              storage_size: 1Gi
              passwordSecretRef:
                name: db-root
        """;

    [Fact]
    public void Other_items_pass_through_as_written_and_generated_objects_carry_matching_path_annotations()
    {
        var result = Fn(Items + "\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  data:\n    namespace: apps\n");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("""
              - apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings # a comment that must survive
                  annotations:
                    config.kubernetes.io/path: 'settings.yaml'
                    internal.config.kubernetes.io/path: 'settings.yaml'
                data: {mode: "on"}
            """, result.Stdout);
        Assert.Contains("config.kubernetes.io/local-config: \"true\"", result.Stdout);
        Assert.Contains("    namespace: apps\n", result.Stdout);
        var deployment = result.Stdout[result.Stdout.IndexOf("kind: Deployment", StringComparison.Ordinal)..];
        Assert.Contains("\n      internal.config.kubernetes.io/path: db/db.rendered.yaml\n", deployment);
        Assert.Contains("\n      config.kubernetes.io/path: db/db.rendered.yaml\n", deployment);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("\n    target: argocd", true)]
    [InlineData("\n    target: kubectl", false)]
    public void The_target_setting_decides_whether_argo_cd_hook_jobs_are_rendered(string setting, bool hooks)
    {
        var result = Fn(Items + "\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  data:\n    namespace: apps" + setting + "\n");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(hooks, result.Stdout.Contains("argocd.argoproj.io/hook", StringComparison.Ordinal));
        Assert.Equal(hooks, result.Stdout.Contains("name: backup-db-job", StringComparison.Ordinal)); // the PreDelete backup
        Assert.Contains("name: restore-db-job", result.Stdout);
    }

    [Fact]
    public void A_target_other_than_argocd_or_kubectl_is_a_located_error()
    {
        var result = Fn(Items + "\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  data:\n    target: helm\n");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error MR1104: functionConfig data.target: not a setting mysqlrender fn knows, or a wrong value", result.Stderr);
        Assert.Contains("target (argocd or kubectl)", result.Stderr);
    }

    [Fact]
    public void A_bad_function_config_fails_with_a_result_and_returns_the_items_unchanged()
    {
        var result = Fn(Items + "\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  data:\n    namespcae: apps\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error MR1104: functionConfig data.namespcae: not a setting", result.Stderr);
        Assert.Contains("results:\n  - message: \"MR1104: functionConfig data.namespcae", result.Stdout);
        Assert.Contains("    severity: error\n", result.Stdout);
        Assert.DoesNotContain("kind: Deployment", result.Stdout);
        Assert.Contains("kind: MySQL", result.Stdout);
    }

    [Fact]
    public void Input_that_is_not_a_resource_list_fails_with_nothing_on_stdout()
    {
        var result = Fn("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("stdin must hold one config.kubernetes.io/v1 ResourceList", result.Stderr);
    }

    [Fact]
    public void Objects_of_an_earlier_run_are_replaced_but_mysqlrender_output_kept_elsewhere_passes_through()
    {
        static string Earlier(string name, string path) => $"""

              - apiVersion: v1
                kind: Service
                metadata:
                  name: {name}
                  labels:
                    app.kubernetes.io/managed-by: mysqlrender
                  annotations:
                    internal.config.kubernetes.io/path: '{path}'
                    config.kubernetes.io/path: '{path}'
            """;
        var input = Items.Replace("items:\n", "items:" + Earlier("renamed-away", "db/old.rendered.yaml") + Earlier("kept", "manifests/service.yaml") + "\n");

        var result = Fn(input);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.DoesNotContain("renamed-away", result.Stdout);
        Assert.Contains("name: kept\n", result.Stdout);
        Assert.Contains("name: db\n", result.Stdout);
    }

    [Fact]
    public void The_same_instance_in_two_files_is_an_error()
    {
        var second = Items[Items.IndexOf("  - apiVersion: otus.homework/v1", StringComparison.Ordinal)..].Replace("db/mysql.yaml", "copy/mysql.yaml");

        var result = Fn(Items + "\n" + second);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error MR1108", result.Stderr);
        Assert.DoesNotContain("kind: Deployment", result.Stdout);
    }
}
