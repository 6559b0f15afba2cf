using System.CommandLine;
using CallCenterStats.Sdk.Aggregation;

namespace CallCenterStats.Cli.Commands;

/// <summary>
/// The raw commands: one group per vendor (named by its descriptor's id), one subcommand per vendor operation, every
/// parameter of the operation an option. Each group is one factory in <see cref="All"/>.
/// </summary>
internal static partial class RawCommands
{
    public static IReadOnlyList<Func<CliSession, Command>> All { get; } =
    [
        Voximplant,
        VccLive,
        Netaxis,
        Enswitch,
        Thulium,
    ];

    private static Command Group(Sdk.VendorDescriptor vendor, params Command[] operations)
    {
        var group = new Command(vendor.Id, $"{vendor.DisplayName}'s own operations, called as they are: every parameter an option, the typed result as JSON or a table.");
        foreach (var operation in operations)
        {
            group.Subcommands.Add(operation);
        }

        return group;
    }

    /// <summary>An option naming a bucket among <paramref name="allowed"/> (lower-case names).</summary>
    private static Option<TimeBucket?> BucketOption(string description, params TimeBucket[] allowed)
    {
        var names = allowed.Select(Name).ToArray();
        var option = new Option<TimeBucket?>("--by")
        {
            Description = description,
            HelpName = string.Join("|", names),
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                var index = Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    return allowed[index];
                }

                result.AddError($"--by: '{text}' is not one of {string.Join(", ", names)}.");
                return null;
            },
        };
        return option;
    }

    private static string Name(TimeBucket bucket) => bucket switch
    {
        TimeBucket.HourOfDay => "hour-of-day",
        TimeBucket.QuarterHour => "quarter-hour",
        _ => bucket.ToString().ToLowerInvariant(),
    };

    private static Option<string> Text(string name, string description, bool required = false, string helpName = "VALUE") =>
        new(name) { Description = description, Required = required, HelpName = helpName };

    private static void AddAll(Command command, params Option[] options)
    {
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Validators for options that exclude each other or need each other.</summary>
    private static void ExactlyOne(Command command, Option first, Option second) =>
        command.Validators.Add(result =>
        {
            var a = result.GetResult(first) is { Implicit: false };
            var b = result.GetResult(second) is { Implicit: false };
            if (a == b)
            {
                result.AddError($"give exactly one of {first.Name} and {second.Name}.");
            }
        });

    private static T Required<T>(ParseResult parse, Option<T> option) =>
        parse.GetValue(option) ?? throw new UsageException($"{option.Name} is required.");
}
