using System.Text;
using System.Text.Json;

namespace MySqlRender.Shared;

/// <summary>Writes a <see cref="YNode"/> tree as indented JSON (no reflection: safe under Native AOT).</summary>
public static class JsonEmitter
{
    public static string Emit(YNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            Write(writer, node);
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void Write(Utf8JsonWriter writer, YNode node)
    {
        switch (node)
        {
            case YMapping mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Entries)
                {
                    writer.WritePropertyName(key.Value);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case YSequence sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Items)
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case YScalar scalar:
                WriteScalar(writer, scalar);
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YScalar scalar)
    {
        switch (scalar.Type)
        {
            case ScalarType.Null:
                writer.WriteNullValue();
                break;
            case ScalarType.Bool:
                writer.WriteBooleanValue(scalar.Value == "true");
                break;
            case ScalarType.Int:
                writer.WriteRawValue(scalar.Value);
                break;
            default:
                writer.WriteStringValue(scalar.Value);
                break;
        }
    }
}
