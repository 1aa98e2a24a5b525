using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MySqlRender.Shared;

/// <summary>
/// Turns a file's text into <see cref="SourceDocument"/>s of <see cref="YNode"/>s, driven by YamlDotNet's event
/// parser (no reflection, no recursion beyond <see cref="YamlLimits.MaxDepth"/>). Duplicate keys, excessive depth,
/// alias expansion and document counts are reported as located diagnostics.
/// </summary>
public sealed class YamlDocumentParser
{
    private readonly SourceFile file;
    private readonly YamlLimits limits;
    private readonly DiagnosticBag diagnostics;
    private readonly AliasBudget aliasBudget;
    private readonly StringPool? pool;
    private readonly Dictionary<string, (YNode Node, int Size)> anchors = new(StringComparer.Ordinal);
    private int nodesInDocument;

    private YamlDocumentParser(SourceFile file, YamlLimits limits, DiagnosticBag diagnostics, AliasBudget aliasBudget, StringPool? pool)
    {
        this.file = file;
        this.limits = limits;
        this.diagnostics = diagnostics;
        this.aliasBudget = aliasBudget;
        this.pool = pool;
    }

    /// <summary>Parses every document; empty documents (a trailing <c>---</c>, a file of comments) are skipped.</summary>
    public static IReadOnlyList<SourceDocument> Parse(SourceFile file, YamlLimits limits, DiagnosticBag diagnostics) =>
        new YamlDocumentParser(file, limits, diagnostics, new AliasBudget(), null).ParseAll();

    /// <summary>Parses one of several inputs of a run, which share <paramref name="aliasBudget"/>.</summary>
    public static IReadOnlyList<SourceDocument> Parse(SourceFile file, YamlLimits limits, DiagnosticBag diagnostics, AliasBudget aliasBudget) =>
        new YamlDocumentParser(file, limits, diagnostics, aliasBudget, null).ParseAll();

    /// <summary>Parses rendered output.</summary>
    /// <param name="pool">Shares equal scalar texts between documents (rendered objects, kept until output).</param>
    public static IReadOnlyList<SourceDocument> Parse(SourceFile file, YamlLimits limits, DiagnosticBag diagnostics, StringPool? pool) =>
        new YamlDocumentParser(file, limits, diagnostics, new AliasBudget(), pool).ParseAll();

    private List<SourceDocument> ParseAll()
    {
        var documents = new List<SourceDocument>();
        var parser = new GuardedParser(new Parser(new StringReader(file.Text)));
        try
        {
            parser.Consume<StreamStart>();
            var index = 0;
            while (parser.TryConsume<DocumentStart>(out var start))
            {
                if (index >= limits.MaxDocumentsPerFile)
                {
                    Fail(At(start.Start), DiagnosticCodes.LimitExceeded,
                        $"more than {limits.MaxDocumentsPerFile} documents in one file", "split the file");
                    return documents;
                }
                anchors.Clear();
                nodesInDocument = 0;
                var root = ParseNode(parser, depth: 0);
                if (root is null)
                {
                    return documents;
                }
                parser.Consume<DocumentEnd>();
                if (!IsEmptyDocument(root))
                {
                    documents.Add(new SourceDocument(file, index, root));
                }
                index++;
            }
        }
        catch (YamlException e)
        {
            var message = SyntaxMessage(e);
            var tab = message.Contains(" tab", StringComparison.Ordinal) ? IndentationTab(e) : null;
            Fail(tab ?? At(e.Start), DiagnosticCodes.YamlSyntax, message,
                tab is null ? "fix the YAML syntax" : "indent with spaces; YAML does not allow tabs in indentation");
        }
        return documents;
    }

    /// <summary>Returns null after reporting an error that stops this file.</summary>
    private YNode? ParseNode(IParser parser, int depth)
    {
        if (++nodesInDocument > limits.MaxNodesPerDocument)
        {
            Fail(At(parser.Current!.Start), DiagnosticCodes.LimitExceeded,
                $"the document expands to more than {limits.MaxNodesPerDocument} nodes", "remove nested aliases");
            return null;
        }
        var current = parser.Current!;
        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                return ResolveAlias(alias);
            case Scalar scalar:
                parser.MoveNext();
                return Remember(scalar, new YScalar(At(scalar.Start), TagOf(scalar), pool?.Get(scalar.Value) ?? scalar.Value, scalar.Style), 1);
            case SequenceStart or MappingStart when depth >= limits.MaxDepth:
                Fail(At(current.Start), DiagnosticCodes.LimitExceeded,
                    $"nesting deeper than {limits.MaxDepth} levels", "flatten the document");
                return null;
            case SequenceStart sequence:
                return ParseSequence(parser, sequence, depth);
            case MappingStart mapping:
                return ParseMapping(parser, mapping, depth);
            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private YNode? ParseSequence(IParser parser, SequenceStart start, int depth)
    {
        var before = nodesInDocument;
        parser.MoveNext();
        var items = new List<YNode>();
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            var item = ParseNode(parser, depth + 1);
            if (item is null)
            {
                return null;
            }
            items.Add(item);
        }
        return Remember(start, new YSequence(At(start.Start), TagOf(start), [.. items]), nodesInDocument - before + 1);
    }

    private YNode? ParseMapping(IParser parser, MappingStart start, int depth)
    {
        var before = nodesInDocument;
        parser.MoveNext();
        var entries = new List<KeyValuePair<YScalar, YNode>>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var merged = new List<YMapping>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = parser.Current!;
            var key = ParseNode(parser, depth + 1);
            if (key is null)
            {
                return null;
            }
            var value = ParseNode(parser, depth + 1);
            if (value is null)
            {
                return null;
            }
            if (key is not YScalar scalarKey)
            {
                Fail(At(keyEvent.Start), DiagnosticCodes.YamlSyntax, "mapping keys must be plain strings",
                    "remove the complex key");
                return null;
            }
            if (IsMergeKey(scalarKey))
            {
                CollectMergeSources(value, merged);
                continue;
            }
            if (!keys.Add(scalarKey.Value))
            {
                diagnostics.Error(file.DisplayPath, scalarKey.Position, DiagnosticCodes.DuplicateKey, "",
                    $"duplicate key '{scalarKey.Value}'", "keep only one of them");
                continue;
            }
            entries.Add(new(scalarKey, value));
        }
        ApplyMerges(entries, keys, merged);
        return Remember(start, new YMapping(At(start.Start), TagOf(start), [.. entries]), nodesInDocument - before + 1);
    }

    /// <summary>
    /// YamlDotNet reports a tab in indentation at the start of the enclosing block (often 1:1): point at the first
    /// tab used as indentation from there on instead, which is what the author has to fix.
    /// </summary>
    private SourcePosition? IndentationTab(YamlException e)
    {
        var lines = file.Text.Split('\n');
        for (var index = Math.Max(0, (int)e.Start.Line - 1); index < lines.Length; index++)
        {
            var line = lines[index];
            var indentation = line.Length - line.TrimStart(' ', '\t').Length;
            var tab = line.IndexOf('\t', 0, indentation);
            if (tab >= 0 && indentation < line.TrimEnd('\r').Length)
            {
                return new SourcePosition(index + 1, tab + 1);
            }
        }
        return null;
    }

    private static bool IsMergeKey(YScalar key) => key.IsPlain && key.Value == "<<";

    private void CollectMergeSources(YNode value, List<YMapping> merged)
    {
        switch (value)
        {
            case YMapping mapping:
                merged.Add(mapping);
                break;
            case YSequence sequence when sequence.Items.All(i => i is YMapping):
                merged.AddRange(sequence.Items.Cast<YMapping>());
                break;
            default:
                diagnostics.Error(file.DisplayPath, value.Position, DiagnosticCodes.YamlSyntax, "",
                    "a merge key '<<' needs a mapping or a list of mappings");
                break;
        }
    }

    /// <summary>YAML merge keys: explicit entries win, then earlier merge sources win over later ones.</summary>
    private static void ApplyMerges(List<KeyValuePair<YScalar, YNode>> entries, HashSet<string> keys, List<YMapping> merged)
    {
        foreach (var source in merged)
        {
            foreach (var entry in source.Entries)
            {
                if (keys.Add(entry.Key.Value))
                {
                    entries.Add(entry);
                }
            }
        }
    }

    private YNode? ResolveAlias(AnchorAlias alias)
    {
        if (!anchors.TryGetValue(alias.Value.Value, out var anchored))
        {
            Fail(At(alias.Start), DiagnosticCodes.YamlSyntax, $"unknown alias '*{alias.Value.Value}'",
                "define the anchor before using it");
            return null;
        }
        nodesInDocument += anchored.Size;
        if (nodesInDocument > limits.MaxNodesPerDocument)
        {
            Fail(At(alias.Start), DiagnosticCodes.LimitExceeded,
                $"aliases expand the document to more than {limits.MaxNodesPerDocument} nodes", "remove nested aliases");
            return null;
        }
        if (!aliasBudget.Spend(anchored.Size, limits))
        {
            Fail(At(alias.Start), DiagnosticCodes.LimitExceeded,
                $"aliases expand the inputs to more than {limits.MaxAliasNodesTotal} nodes in all (limit on alias expansion over all files)",
                "remove nested aliases");
            return null;
        }
        return anchored.Node;
    }

    private YNode Remember(NodeEvent nodeEvent, YNode node, int size)
    {
        if (!nodeEvent.Anchor.IsEmpty)
        {
            anchors[nodeEvent.Anchor.Value] = (node, size);
        }
        return node;
    }

    private static string? TagOf(NodeEvent nodeEvent) =>
        nodeEvent.Tag.IsEmpty || nodeEvent.Tag.IsNonSpecific ? null : nodeEvent.Tag.Value;

    /// <summary>An empty document or an explicit null one (<c>~</c>, <c>null</c>): skipped, as kubectl does.</summary>
    private static bool IsEmptyDocument(YNode root) =>
        root is YScalar { IsPlain: true, Tag: null } scalar && ScalarResolver.Resolve(scalar) == ScalarType.Null;

    private void Fail(SourcePosition at, string code, string message, string hint) =>
        diagnostics.Error(file.DisplayPath, at, code, "", message, hint);

    private static SourcePosition At(Mark mark) => new(Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column));

    private static string SyntaxMessage(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0)
        {
            message = message[(close + 3)..];
        }
        return "YAML syntax: " + message.TrimEnd('.');
    }
}
