using System.Globalization;
using MySqlRender.Schema.Formats;

namespace MySqlRender.Model;

/// <summary>
/// The longest time between two runs of a CronJob schedule, as the CronJob controller reads it (robfig/cron's standard
/// parser: when both day of month and day of week are restricted, a day matching either runs; "*" or "?" in one of them
/// leaves only the other). Computed in UTC over five years from a fixed start, so renders are deterministic and a
/// February-29 schedule is seen twice. The schedule was validated by <c>CronSchedule</c> before it gets here.
/// </summary>
public static class ScheduleGap
{
    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = Start.AddYears(5);
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private static readonly Dictionary<string, string> Macros = new(StringComparer.Ordinal)
    {
        ["@yearly"] = "0 0 1 1 *", ["@annually"] = "0 0 1 1 *", ["@monthly"] = "0 0 1 * *", ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *", ["@midnight"] = "0 0 * * *", ["@hourly"] = "0 * * * *",
    };

    /// <summary>Each schedule's gap, computed once per run: thousands of instances share a few schedules.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeSpan> Computed = new(StringComparer.Ordinal);

    /// <summary>The longest gap; the whole five years for a schedule that runs less than twice in them (e.g. 30 February).</summary>
    public static TimeSpan Longest(string schedule) => Computed.GetOrAdd(schedule, Compute);

    private static TimeSpan Compute(string schedule)
    {
        var fields = (Macros.GetValueOrDefault(schedule) ?? schedule).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var minute = Parse(fields[0], 0, 59, []);
        var hour = Parse(fields[1], 0, 23, []);
        var dayOfMonth = Parse(fields[2], 1, 31, []);
        var month = Parse(fields[3], 1, 12, Months, firstName: 1);
        var dayOfWeek = Parse(fields[4], 0, 6, Days);
        DateTime? previous = null;
        var longest = TimeSpan.Zero;
        for (var day = Start; day < End; day = day.AddDays(1))
        {
            if (!month.Allowed[day.Month] || !DayMatches(day, dayOfMonth, dayOfWeek))
            {
                continue;
            }
            for (var h = 0; h < 24; h++)
            {
                for (var m = 0; hour.Allowed[h] && m < 60; m++)
                {
                    if (minute.Allowed[m])
                    {
                        var run = day.AddHours(h).AddMinutes(m);
                        longest = previous is { } p && run - p > longest ? run - p : longest;
                        previous = run;
                    }
                }
            }
        }
        return longest == TimeSpan.Zero ? End - Start : longest;
    }

    private static bool DayMatches(DateTime day, Field dayOfMonth, Field dayOfWeek)
    {
        var domMatch = dayOfMonth.Allowed[day.Day];
        var dowMatch = dayOfWeek.Allowed[(int)day.DayOfWeek];
        return dayOfMonth.Star || dayOfWeek.Star ? domMatch && dowMatch : domMatch || dowMatch;
    }

    private sealed record Field(bool[] Allowed, bool Star);

    private static Field Parse(string text, int min, int max, string[] names, int firstName = 0)
    {
        var allowed = new bool[max + 1];
        var star = false;
        foreach (var part in text.Split(','))
        {
            var stepAt = part.IndexOf('/');
            var range = stepAt < 0 ? part : part[..stepAt];
            var step = stepAt < 0 ? 1 : int.Parse(part[(stepAt + 1)..], CultureInfo.InvariantCulture);
            int low, high;
            if (range is "*" or "?")
            {
                (low, high) = (min, max);
                star |= step == 1;
            }
            else
            {
                var bounds = range.Split('-');
                low = Value(bounds[0], names, firstName);
                // "5/15" means 5 to the maximum every 15, as in robfig/cron.
                high = bounds.Length == 2 ? Value(bounds[1], names, firstName) : stepAt < 0 ? low : max;
            }
            for (var v = low; v <= high; v += step)
            {
                allowed[v] = true;
            }
        }
        return new Field(allowed, star);
    }

    private static int Value(string text, string[] names, int firstName) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : Array.IndexOf(names, text.ToUpperInvariant()) + firstName;
}
