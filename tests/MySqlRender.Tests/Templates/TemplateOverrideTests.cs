namespace MySqlRender.Tests;

/// <summary>
/// <c>--templates DIR</c>: files there replace the embedded templates, partials or scripts of the same relative path;
/// every mistake in one is an error with its file, line and column and exit 1, never a silently different output.
/// </summary>
public sealed class TemplateOverrideTests
{
    private static readonly string ServiceTemplate = Embedded("service.yaml.sbn");
    private static readonly string DeploymentTemplate = Embedded("deployment.yaml.sbn");

    private static string Embedded(params string[] path) => File.ReadAllText(RepoPaths.Of(["templates", .. path]));

    [Fact]
    public void An_override_replaces_the_embedded_template_of_the_same_name()
    {
        using var templates = new TempFolder();
        templates.Write("service.yaml.sbn", ServiceTemplate.Replace("port: 3306", "port: 13306"));

        var result = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("port: 13306", result.Stdout);
        Assert.Contains("kind: CronJob", result.Stdout);
    }

    [Fact]
    public void A_partial_override_changes_every_pod_that_includes_it()
    {
        using var templates = new TempFolder();
        templates.Write("partials/_pod-security-context.sbn",
            Embedded("partials", "_pod-security-context.sbn").Replace("type: RuntimeDefault", "type: Localhost\n    localhostProfile: profiles/mysql.json"));

        var result = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        // The Deployment, the backup and verify CronJobs, the restore, PreDelete backup and accounts Jobs: one
        // 10-line file, six pods.
        Assert.Equal(6, CountOf("localhostProfile: profiles/mysql.json", result.Stdout));
        Assert.DoesNotContain("type: RuntimeDefault", result.Stdout);
    }

    [Fact]
    public void The_json_filter_works_in_the_published_binary_too()
    {
        using var templates = new TempFolder();
        templates.Write("service.yaml.sbn", ServiceTemplate.Replace("selector: {{ selector | yaml }}", "selector: {{ selector | json }}"));
        Assert.Contains("{{ selector | json }}", File.ReadAllText(templates.Combine("service.yaml.sbn")));

        var inProcess = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);
        var binary = MySqlRenderBinary.Run(["render", "examples/seed", "--templates", templates.Path]);

        Assert.True(binary.ExitCode == 0, binary.Stderr);
        Assert.Equal(inProcess.Stdout, binary.Stdout);
        Assert.Equal(CliRunner.Run("render", "examples/seed").Stdout, binary.Stdout);
    }

    [Fact]
    public void A_template_that_does_not_parse_is_a_located_error()
    {
        using var templates = new TempFolder();
        var path = templates.Write("service.yaml.sbn", "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ name | yaml \n");

        var result = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        Assert.Contains($"{path}:4:", result.Stderr);
        Assert.Contains("template does not parse", result.Stderr);
    }

    [Theory]
    [InlineData("{{ imagee | yaml }}", "imagee")] // a misspelt variable rendered `image: ""` with exit 0 in 0.1
    [InlineData("{{ names.deploymnt | yaml }}", "deploymnt")] // a misspelt member
    [InlineData("{{ image | yamll }}", "yamll")] // a misspelt filter
    public void An_undefined_name_is_a_located_error_not_an_empty_value(string misspelt, string name)
    {
        using var templates = new TempFolder();
        var text = DeploymentTemplate.Replace("image: {{ image | yaml }}", "image: " + misspelt);
        var path = templates.Write("deployment.yaml.sbn", text);
        var line = text.Split('\n').ToList().FindIndex(l => l.Contains(misspelt, StringComparison.Ordinal)) + 1;

        var result = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        Assert.Contains($"{path}:{line}:", result.Stderr);
        Assert.Contains(name, result.Stderr);
    }

    [Fact]
    public void An_undefined_name_in_a_partial_is_located_in_the_partial()
    {
        using var templates = new TempFolder();
        var path = templates.Write("partials/_metadata.sbn",
            Embedded("partials", "_metadata.sbn").Replace("labels: {{ meta.labels | yaml }}", "labels: {{ meta.label | yaml }}"));

        var result = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        Assert.Contains($"{path}:8:", result.Stderr);
        Assert.Contains("label", result.Stderr);
    }

    [Fact]
    public void An_override_may_use_Scribans_built_in_functions()
    {
        // The embedded templates render without the library (docs/templates.md); an override gets all of it.
        using var templates = new TempFolder();
        templates.Write("service.yaml.sbn", Embedded("service.yaml.sbn").Replace("annotations: null", "annotations: { shout: string.upcase(names.service) }",
            StringComparison.Ordinal));

        var result = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("  annotations:\n    shout: MYSQL-INSTANCE\n", result.Stdout);
    }

    [Fact]
    public void An_override_that_matches_no_known_file_is_an_error_listing_the_known_names()
    {
        using var templates = new TempFolder();
        var path = templates.Write("deploymnet.yaml.sbn", DeploymentTemplate);

        var result = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        Assert.Contains($"{path}:1:1: error", result.Stderr);
        Assert.Contains("'deploymnet.yaml.sbn' matches no template, partial or script, so it would never be used; the known names are: "
            + "accounts-job.yaml.sbn, backup-before-change-job.yaml.sbn, backup-cronjob.yaml.sbn, backup-hook-job.yaml.sbn,", result.Stderr);
        Assert.Contains("job-scripts.yaml.sbn, network-policy.yaml.sbn, partials/_container-security-context.sbn", result.Stderr);
        Assert.Contains("(did you mean deployment.yaml.sbn?)", result.Stderr);
        Assert.DoesNotContain("characters)...", result.Stderr);
    }

    [Fact]
    public void A_liquid_override_of_version_0_1_is_an_error_saying_the_format_changed()
    {
        using var templates = new TempFolder();
        var path = templates.Write("service.yaml.liquid", "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ names.service | yaml }}\n");

        var result = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        Assert.Contains($"{path}:1:1: error MR1201: 'service.yaml.liquid' is a Liquid template (mysqlrender 0.1): the override format changed", result.Stderr);
        Assert.Contains("templates are Scriban since mysqlrender 0.2", result.Stderr);
        Assert.Contains("CHANGELOG.md", result.Stderr);
    }

    [Theory]
    [InlineData("{%- if namespace %}\n  namespace: x\n{%- endif %}\n", 5, 1, "'{%- if' is a Liquid tag")]
    [InlineData("  namespace: {{ namespace | default: 'x' | yaml }}\n", 5, 14, "is a Liquid filter argument")]
    public void Liquid_syntax_in_a_scriban_file_is_an_error_saying_the_format_changed(string liquid, int line, int column, string message)
    {
        using var templates = new TempFolder();
        var path = templates.Write("service.yaml.sbn", "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ names.service | yaml }}\n" + liquid);

        var result = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        Assert.Contains($"{path}:{line}:{column}: error MR1201:", result.Stderr);
        Assert.Contains(message, result.Stderr);
        Assert.Contains("the override format changed", result.Stderr);
    }

    [Fact]
    public void Only_partials_can_be_included()
    {
        using var templates = new TempFolder();
        var path = templates.Write("service.yaml.sbn", ServiceTemplate + "{{ include 'deployment.yaml.sbn' }}\n");

        var result = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        Assert.Contains($"{path}:", result.Stderr);
        Assert.Contains("no partial 'deployment.yaml.sbn'; the partials are: partials/_container-security-context.sbn", result.Stderr);
    }

    [Fact]
    public void A_template_that_renders_two_objects_is_refused()
    {
        using var templates = new TempFolder();
        templates.Write("service.yaml.sbn", ServiceTemplate + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: smuggled\n");

        var result = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        Assert.Contains("a template must render exactly one object, this one rendered 2", result.Stderr);
    }

    private static int CountOf(string text, string within) =>
        (within.Length - within.Replace(text, "", StringComparison.Ordinal).Length) / text.Length;
}
