namespace MySqlRender.Shared;

/// <summary>An input file's text, and the path shown to the user in diagnostics and <c># Source:</c> comments.</summary>
public sealed record SourceFile(string FullPath, string DisplayPath, string Text);
