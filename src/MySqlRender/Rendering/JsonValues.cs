using System.Globalization;
using System.Text;
using System.Text.Json;
using Fluid.Values;

namespace MySqlRender.Rendering;

/// <summary>
/// A Liquid value as compact JSON, without reflection (Native AOT safe). JSON is also a YAML flow node, so a
/// template may use <c>json</c> where it would use <c>yaml</c>.
/// </summary>
public static class JsonValues
{
    public static string ToJson(FluidValue value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, FluidValue value)
    {
        switch (value)
        {
            case NilValue or EmptyValue:
                writer.WriteNullValue();
                break;
            case BooleanValue boolean:
                writer.WriteBooleanValue(boolean.ToBooleanValue());
                break;
            case NumberValue number:
                writer.WriteRawValue(number.ToNumberValue().ToString(CultureInfo.InvariantCulture));
                break;
            case ArrayValue array:
                writer.WriteStartArray();
                foreach (var item in array.Values)
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case DictionaryValue dictionary:
                var mapping = (Fluid.Values.IFluidIndexable)dictionary.ToObjectValue();
                writer.WriteStartObject();
                foreach (var key in mapping.Keys)
                {
                    if (mapping.TryGetValue(key, out var item))
                    {
                        writer.WritePropertyName(key);
                        Write(writer, item);
                    }
                }
                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(value.ToStringValue());
                break;
        }
    }
}
