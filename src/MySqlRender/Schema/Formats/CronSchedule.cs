using System.Globalization;

namespace MySqlRender.Schema.Formats;

/// <summary>CronJob schedules as Kubernetes accepts them: five fields, or a macro such as <c>@daily</c>.</summary>
public static class CronSchedule
{
    public static readonly ValueFormat Format = new("cron",
        "a cron schedule: five fields (minute hour day-of-month month day-of-week) or @yearly, @monthly, @weekly, @daily, @hourly",
        Check);

    private static readonly string[] Macros = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
    private static readonly string[] FieldNames = ["minute", "hour", "day of month", "month", "day of week"];
    private static readonly (int Min, int Max)[] Ranges = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 6)];
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private static string? Check(string text)
    {
        if (text.StartsWith("TZ=", StringComparison.Ordinal) || text.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            return "a time zone inside the schedule is rejected by Kubernetes; use spec.backup.timeZone";
        }
        if (text.StartsWith('@'))
        {
            return Macros.Contains(text) ? null : $"'{text}' is not a known schedule macro ({string.Join(", ", Macros)})";
        }
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return $"'{text}' has {fields.Length} fields; a schedule has 5 (minute hour day-of-month month day-of-week), e.g. '0 3 * * *'";
        }
        for (var i = 0; i < 5; i++)
        {
            if (CheckField(fields[i], i) is { } problem)
            {
                return $"'{text}': {FieldNames[i]} field '{fields[i]}' {problem}";
            }
        }
        return null;
    }

    private static string? CheckField(string field, int index)
    {
        foreach (var part in field.Split(','))
        {
            if (CheckPart(part, index) is { } problem)
            {
                return problem;
            }
        }
        return null;
    }

    private static string? CheckPart(string part, int index)
    {
        var (min, max) = Ranges[index];
        var stepAt = part.IndexOf('/');
        var range = stepAt < 0 ? part : part[..stepAt];
        if (stepAt >= 0 && (!int.TryParse(part[(stepAt + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1))
        {
            return "has an invalid step";
        }
        if (range is "*" || (range is "?" && index is 2 or 4))
        {
            return null;
        }
        var bounds = range.Split('-');
        if (bounds.Length > 2)
        {
            return "is not a number, a range or a list";
        }
        var values = new int[bounds.Length];
        for (var i = 0; i < bounds.Length; i++)
        {
            if (!TryValue(bounds[i], index, out values[i]) || values[i] < min || values[i] > max)
            {
                return $"must be between {min} and {max}";
            }
        }
        return values.Length == 2 && values[0] > values[1] ? "has a range that runs backwards" : null;
    }

    private static bool TryValue(string text, int index, out int value)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        var names = index == 3 ? Months : index == 4 ? Days : [];
        var position = Array.IndexOf(names, text.ToUpperInvariant());
        value = index == 3 ? position + 1 : position;
        return position >= 0;
    }
}
