using System.Buffers;
using System.Text;
using System.Text.Unicode;
using MySqlRender.Shared;

namespace MySqlRender.Input;

/// <summary>Reads a file as strict UTF-8: an invalid byte is an error naming its line and column, never a silent U+FFFD.</summary>
public static class Utf8FileReader
{
    public static SourceFile? Read(string fullPath, string displayPath, YamlLimits limits, DiagnosticBag diagnostics)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(fullPath);
            if (info.Length > limits.MaxFileBytes)
            {
                diagnostics.Error(displayPath, SourcePosition.Start, DiagnosticCodes.LimitExceeded, "",
                    $"file is {info.Length} bytes, more than the limit of {limits.MaxFileBytes}",
                    "split it into smaller files");
                return null;
            }
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(displayPath, SourcePosition.Start, DiagnosticCodes.UnreadableFile, "",
                $"cannot read the file: {Reason(e)}", "check that it exists and is readable");
            return null;
        }
        return Decode(bytes, fullPath, displayPath, diagnostics);
    }

    /// <summary>Why a file could not be read, without the absolute path the runtime's message carries.</summary>
    public static string Reason(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "it does not exist (a dangling symlink?)",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };

    public static SourceFile? Decode(byte[] bytes, string fullPath, string displayPath, DiagnosticBag diagnostics)
    {
        ReadOnlySpan<byte> content = bytes;
        if (content.StartsWith("\uFEFF"u8))
        {
            content = content[3..];
        }
        var chars = ArrayPool<char>.Shared.Rent(content.Length + 1);
        try
        {
            var status = Utf8.ToUtf16(content, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                var at = PositionOf(chars.AsSpan(0, charsWritten));
                diagnostics.Error(displayPath, at, DiagnosticCodes.InvalidEncoding, "",
                    $"invalid UTF-8 byte 0x{content[bytesRead]:X2}", "save the file as UTF-8");
                return null;
            }
            return new SourceFile(fullPath, displayPath, new string(chars, 0, charsWritten));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The position just after the given (valid) prefix of the file.</summary>
    private static SourcePosition PositionOf(ReadOnlySpan<char> prefix)
    {
        var line = 1 + prefix.Count('\n');
        var lastNewline = prefix.LastIndexOf('\n');
        return new SourcePosition(line, prefix.Length - lastNewline);
    }

    public static readonly Encoding Strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
