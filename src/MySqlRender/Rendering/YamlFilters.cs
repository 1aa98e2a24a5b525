using System.Globalization;
using System.Text;
using Fluid;
using Fluid.Values;
using MySqlRender.Shared;

namespace MySqlRender.Rendering;

/// <summary>
/// The filters through which every value reaches a template's output. <c>yaml</c> writes any value (string, number,
/// boolean, list, map) as a YAML flow node that cannot change the surrounding structure; <c>b64</c> encodes for
/// Secret <c>data</c>.
/// </summary>
public static class YamlFilters
{
    public static FilterCollection WithYamlFilters(this FilterCollection filters)
    {
        filters.AddFilter("yaml", Yaml);
        filters.AddFilter("b64", Base64);
        // Replaces Fluid's own `json`, which serializes by reflection and fails under Native AOT.
        filters.AddFilter("json", Json);
        return filters;
    }

    private static ValueTask<FluidValue> Json(FluidValue input, FilterArguments arguments, TemplateContext context) =>
        new(new StringValue(JsonValues.ToJson(input)));

    private static ValueTask<FluidValue> Yaml(FluidValue input, FilterArguments arguments, TemplateContext context) =>
        new(new StringValue(ToYaml(input)));

    private static ValueTask<FluidValue> Base64(FluidValue input, FilterArguments arguments, TemplateContext context) =>
        new(new StringValue(Convert.ToBase64String(Encoding.UTF8.GetBytes(input.ToStringValue()))));

    public static string ToYaml(FluidValue value) => value switch
    {
        NilValue or EmptyValue => "null",
        BooleanValue boolean => boolean.ToBooleanValue() ? "true" : "false",
        NumberValue number => number.ToNumberValue().ToString(CultureInfo.InvariantCulture),
        StringValue text => YamlScalar.Quote(text.ToStringValue()),
        ArrayValue array => "[" + string.Join(", ", array.Values.Select(ToYaml)) + "]",
        DictionaryValue dictionary => MappingToYaml((IFluidIndexable)dictionary.ToObjectValue()),
        _ => YamlScalar.Quote(value.ToStringValue()),
    };

    private static string MappingToYaml(IFluidIndexable mapping)
    {
        var entries = mapping.Keys.Select(key =>
            mapping.TryGetValue(key, out var item) ? $"{YamlScalar.Quote(key)}: {ToYaml(item)}" : null);
        return "{" + string.Join(", ", entries.OfType<string>()) + "}";
    }
}
