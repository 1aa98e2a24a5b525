using MySqlRender.Shared;

namespace MySqlRender.Input;

/// <summary>Step 1 of the pipeline: paths in, parsed documents out (in file-path order), problems reported.</summary>
public static class InputLoader
{
    public static IReadOnlyList<SourceDocument> Load(IEnumerable<string> paths, string displayRoot, string? confineTo,
        YamlLimits limits, DiagnosticBag diagnostics) => [.. Read(paths, displayRoot, confineTo, limits, diagnostics)];

    /// <summary>
    /// The same documents one file at a time, as the caller asks for them: a large render validates each document
    /// and lets its tree go before the next file is read.
    /// </summary>
    public static IEnumerable<SourceDocument> Read(IEnumerable<string> paths, string displayRoot, string? confineTo,
        YamlLimits limits, DiagnosticBag diagnostics)
    {
        var finder = new InputFileFinder(displayRoot, confineTo);
        long totalBytes = 0;
        var aliasBudget = new AliasBudget();
        foreach (var (fullPath, displayPath) in finder.Find(paths, diagnostics))
        {
            totalBytes += SizeOf(fullPath);
            if (totalBytes > limits.MaxTotalBytes)
            {
                diagnostics.Error(displayPath, SourcePosition.Start, DiagnosticCodes.LimitExceeded, "",
                    $"the inputs add up to more than {limits.MaxTotalBytes} bytes (limit on the total input size)",
                    "render fewer files at once");
                break;
            }
            var file = Utf8FileReader.Read(fullPath, displayPath, limits, diagnostics);
            if (file is null)
            {
                continue;
            }
            foreach (var document in YamlDocumentParser.Parse(file, limits, diagnostics, aliasBudget))
            {
                yield return document;
            }
        }
    }

    /// <summary>Counted before reading, so that the limit also bounds the memory spent; unreadable files count 0.</summary>
    private static long SizeOf(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
