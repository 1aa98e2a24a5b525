using System.Text;
using MySqlRender.Output;

namespace MySqlRender.Tests;

/// <summary>
/// Golden files under tests/snapshots/. A mismatch fails with a unified diff; UPDATE_SNAPSHOTS=1 rewrites the file
/// instead (review the change with git diff). A missing golden file is a failure, never silently created.
/// </summary>
public static class Snapshot
{
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1";

    public static void Match(string relativePath, string actual)
    {
        var path = RepoPaths.Of("tests", "snapshots", relativePath);
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            return;
        }
        AssertMatches(relativePath, actual);
    }

    /// <summary>
    /// Compares with a golden file and never rewrites it: for a second producer of the same output (the published
    /// binary), whose goldens belong to the in-process tests.
    /// </summary>
    public static void AssertMatches(string relativePath, string actual)
    {
        var path = RepoPaths.Of("tests", "snapshots", relativePath);
        if (!File.Exists(path))
        {
            Assert.Fail($"missing golden file tests/snapshots/{relativePath}; create it with UPDATE_SNAPSHOTS=1 and review it");
        }
        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            Assert.Fail($"output differs from tests/snapshots/{relativePath} (UPDATE_SNAPSHOTS=1 rewrites it):\n"
                + UnifiedDiff.Create(expected, actual, "expected", "actual"));
        }
    }
}
