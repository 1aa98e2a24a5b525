namespace MySqlRender.Tests.Alerts;

/// <summary>Prometheus' own rule checker and rule unit-test runner (Debian package prometheus: promtool).</summary>
public static class PromTool
{
    public static CliResult CheckRules(string ruleFile) => Run("check", "rules", ruleFile);

    /// <summary>
    /// promtool test rules: input series, evaluation times and the alerts expected then (format: Prometheus docs,
    /// "Unit Testing for Rules").
    /// </summary>
    public static CliResult TestRules(string testFile) => Run("test", "rules", testFile);

    private static CliResult Run(params string[] args)
    {
        var promtool = ExternalTool.Require("promtool", "apt-get install prometheus");
        return ProcessRunner.Run(promtool, args, workingDirectory: Path.GetDirectoryName(args[^1]), timeout: TimeSpan.FromMinutes(1));
    }
}
