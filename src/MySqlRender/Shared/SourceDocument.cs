namespace MySqlRender.Shared;

/// <summary>One YAML document of a file (files may hold several, separated by <c>---</c>).</summary>
public sealed record SourceDocument(SourceFile File, int Index, YNode Root)
{
    public string DisplayPath => File.DisplayPath;
}
