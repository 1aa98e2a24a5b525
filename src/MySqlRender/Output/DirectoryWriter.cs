using System.Text;

namespace MySqlRender.Output;

/// <summary>
/// Writes an output folder all-or-nothing: the new content is staged in a sibling temp folder (starting from a copy
/// of the current YAML files unless pruning), then swapped in with renames. A failure leaves the old folder intact.
/// </summary>
public static class DirectoryWriter
{
    public static void Write(string outputDirectory, IReadOnlyDictionary<string, string> files, bool prune)
    {
        var target = Path.GetFullPath(outputDirectory).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        RefuseForeignContent(target);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
            if (!prune && Directory.Exists(target))
            {
                CopyYaml(target, staging);
            }
            foreach (var (relative, content) in files)
            {
                var path = Path.Combine(staging, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content, new UTF8Encoding(false));
            }
            Swap(staging, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"cannot write the output folder {target}: {e.Message}; its previous content is unchanged");
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Only folders of YAML files are replaced: never swap away a folder holding anything else.</summary>
    private static void RefuseForeignContent(string target)
    {
        if (!Directory.Exists(target))
        {
            return;
        }
        var foreign = Directory.EnumerateFileSystemEntries(target, "*", SearchOption.AllDirectories)
            .FirstOrDefault(p => File.Exists(p) && !p.EndsWith(".yaml", StringComparison.Ordinal));
        if (foreign is not null)
        {
            throw new OutputException($"{target} holds files mysqlrender did not write (e.g. {Path.GetRelativePath(target, foreign)}); "
                + "use an empty or dedicated output folder");
        }
    }

    private static void CopyYaml(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*.yaml", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private static void Swap(string staging, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }
        var old = staging + ".old";
        Directory.Move(target, old);
        try
        {
            Directory.Move(staging, target);
        }
        catch
        {
            Directory.Move(old, target);
            throw;
        }
        Directory.Delete(old, recursive: true);
    }
}

/// <summary>An output folder that cannot be written as asked; reported as a usage problem, not an internal error.</summary>
public sealed class OutputException(string message) : Exception(message);
