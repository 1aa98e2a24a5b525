namespace MySqlRender.Tests;

/// <summary>
/// Finds a program the tests drive for real (kubectl, kpt, node, mariadbd ...). Where it is missing the test is
/// skipped with a visible reason; under CI (MYSQLRENDER_CI=1, set by .ci/run) a missing tool fails instead, so a
/// broken install cannot turn into a green run.
/// </summary>
public static class ExternalTool
{
    public static string Require(string name, string installHint)
    {
        var found = Find(name);
        if (found is not null)
        {
            return found;
        }
        var message = $"{name} not found on PATH ({installHint})";
        if (Environment.GetEnvironmentVariable("MYSQLRENDER_CI") == "1")
        {
            Assert.Fail(message);
        }
        Assert.Skip(message);
        return null!;
    }

    public static string? Find(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>node, with tests/validators' npm dependencies installed.</summary>
    public static string RequireNodeWithValidators()
    {
        var node = Require("node", "install Node.js 18+");
        if (!Directory.Exists(RepoPaths.Of("tests", "validators", "node_modules", "kubernetes-models")))
        {
            var message = "tests/validators has no node_modules (run: npm ci --prefix tests/validators)";
            if (Environment.GetEnvironmentVariable("MYSQLRENDER_CI") == "1")
            {
                Assert.Fail(message);
            }
            Assert.Skip(message);
        }
        return node;
    }
}
