using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using MySqlRender.Shared;

namespace MySqlRender.Plugins.Krm;

/// <summary>Parses the ResourceList on stdin: the position-aware tree for rendering, plus each item's raw text span.</summary>
public static class ResourceListReader
{
    public const string StdinName = "<stdin>";

    public static ResourceList? Read(string text, YamlLimits limits, DiagnosticBag diagnostics)
    {
        var documents = YamlDocumentParser.Parse(new SourceFile(StdinName, StdinName, text), limits, diagnostics);
        if (diagnostics.HasErrors)
        {
            return null;
        }
        if (documents.Count != 1 || documents[0].Root is not YMapping root || ObjectHeader.Text(root, "kind") != ResourceList.Kind)
        {
            diagnostics.Error(StdinName, SourcePosition.Start, DiagnosticCodes.NotAnObject, "",
                "stdin must hold one config.kubernetes.io/v1 ResourceList", "run mysqlrender fn through kpt fn eval/render or kustomize");
            return null;
        }
        var items = root["items"] switch
        {
            YSequence sequence => sequence.Items,
            null => [],
            _ => null,
        };
        if (items is null || items.Any(i => i is not YMapping))
        {
            diagnostics.Error(StdinName, (root["items"] ?? root).Position, DiagnosticCodes.NotAnObject, "",
                "ResourceList items must be a list of objects");
            return null;
        }
        var spans = RawSpans(text);
        var parsed = items.Cast<YMapping>()
            .Select((item, i) => spans.Count == items.Count
                ? new ResourceListItem(i, item, text[spans[i].Start..spans[i].End], spans[i].Column)
                : new ResourceListItem(i, item, null, 0))
            .ToList();
        return new ResourceList(parsed, root["functionConfig"] as YMapping);
    }

    /// <summary>Character spans of the block-mapping items of the top-level <c>items</c> list; empty when not that shape.</summary>
    private static List<(int Start, int End, int Column)> RawSpans(string text)
    {
        var parser = new Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        parser.Consume<DocumentStart>();
        parser.Consume<MappingStart>();
        while (parser.TryConsume<Scalar>(out var key))
        {
            if (key.Value == "items" && parser.TryConsume<SequenceStart>(out _))
            {
                return ItemSpans(parser);
            }
            parser.SkipThisAndNestedEvents();
        }
        return [];
    }

    private static List<(int Start, int End, int Column)> ItemSpans(IParser parser)
    {
        var spans = new List<(int, int, int)>();
        while (parser.Current is MappingStart { Style: MappingStyle.Block } start && start.Anchor.IsEmpty)
        {
            spans.Add(((int)start.Start.Index, EndOfContent(parser), (int)start.Start.Column));
        }
        return parser.Current is SequenceEnd ? spans : [];
    }

    /// <summary>
    /// Consumes one item and returns where its last character is. Block collections end where the next token
    /// starts (after the next item's "- "), so the end is taken from the last scalar or flow collection instead.
    /// </summary>
    private static int EndOfContent(IParser parser)
    {
        var flow = new Stack<bool>();
        var end = 0;
        do
        {
            var current = parser.Current!;
            switch (current)
            {
                case MappingStart mapping:
                    flow.Push(mapping.Style == MappingStyle.Flow);
                    break;
                case SequenceStart sequence:
                    flow.Push(sequence.Style == SequenceStyle.Flow);
                    break;
                case MappingEnd or SequenceEnd:
                    end = flow.Pop() ? Math.Max((int)current.End.Index, (int)current.Start.Index + 1) : end;
                    break;
                case Scalar or AnchorAlias:
                    end = (int)current.End.Index;
                    break;
            }
            parser.MoveNext();
        }
        while (flow.Count > 0);
        return end;
    }
}
