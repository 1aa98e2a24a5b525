namespace MySqlRender.Tests;

/// <summary><c>--templates DIR</c>: files there replace the embedded templates of the same name; mistakes are located.</summary>
public sealed class TemplateOverrideTests
{
    private static readonly string ServiceTemplate = File.ReadAllText(RepoPaths.Of("templates", "service.yaml.liquid"));

    [Fact]
    public void An_override_replaces_the_embedded_template_of_the_same_name()
    {
        using var templates = new TempFolder();
        templates.Write("service.yaml.liquid", ServiceTemplate.Replace("port: 3306", "port: 13306"));

        var result = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("port: 13306", result.Stdout);
        Assert.Contains("kind: CronJob", result.Stdout);
    }

    [Fact]
    public void The_json_filter_works_in_the_published_binary_too()
    {
        // Fluid's own `json` serializes by reflection, which Native AOT removes; ours does not.
        using var templates = new TempFolder();
        templates.Write("service.yaml.liquid", ServiceTemplate.Replace("name: {{ names.service | yaml }}", "name: {{ names.service | json }}"));
        Assert.Contains("{{ names.service | json }}", File.ReadAllText(templates.Combine("service.yaml.liquid")));

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
        var path = templates.Write("service.yaml.liquid", "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ name | yaml \n");

        var result = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        Assert.Contains($"{path}:", result.Stderr);
        Assert.Contains("template does not parse", result.Stderr);
    }

    [Fact]
    public void A_template_that_renders_two_objects_is_refused()
    {
        using var templates = new TempFolder();
        templates.Write("service.yaml.liquid", ServiceTemplate + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: smuggled\n");

        var result = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        Assert.Contains("a template must render exactly one object, this one rendered 2", result.Stderr);
    }

    [Fact]
    public void A_script_used_inside_a_larger_value_is_refused()
    {
        // Scripts are spliced in whole after the parse-back check; a script pasted into a larger string cannot be.
        var restoreJob = File.ReadAllText(RepoPaths.Of("templates", "restore-job.yaml.liquid"));
        using var templates = new TempFolder();
        templates.Write("restore-job.yaml.liquid",
            restoreJob.Replace("{{ scripts.restore | yaml }}", "{{ scripts.restore | prepend: 'set -x; ' | yaml }}"));
        Assert.Contains("prepend", File.ReadAllText(templates.Combine("restore-job.yaml.liquid")));

        var result = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        Assert.Contains("a scripts.* value was used inside a larger value", result.Stderr);
    }
}
