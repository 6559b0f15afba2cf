using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CallCenterStats.Cli.Output;
using CallCenterStats.Cli.Vendors;
using CallCenterStats.Sdk;

namespace CallCenterStats.Cli.Commands.Raw;

/// <summary>
/// What every raw command shares: the vendor's connection options (environment variables, <c>--config</c>),
/// <c>--account</c>, <c>--format json|table</c> and <c>--output</c>; it calls one client operation and prints the typed
/// result, as JSON (the tool's source-generated context) or as a table of its rows.
/// </summary>
internal sealed class RawCommand
{
    private readonly VendorDescriptor _vendor;
    private readonly ConnectionOptions _connection;

    public RawCommand(VendorDescriptor vendor, string name, string description)
    {
        _vendor = vendor;
        _connection = new ConnectionOptions([vendor], includeFilters: false);
        Command = new Command(name, description);
    }

    public Command Command { get; }

    public Option<string> Account { get; } = new("--account")
    {
        Description = "The account (a name under Accounts in --config); needed when the file has several.",
        HelpName = "NAME",
    };

    public Option<string> Format { get; } = CreateFormat();

    public Option<string> Output { get; } = new("--output") { Description = "Write to this file instead of standard output.", HelpName = "FILE" };

    /// <summary>Adds the shared options after the command's own, and the action.</summary>
    public Command Build<TClient, TResult>(
        CliSession session,
        Func<ParseResult, TClient, CancellationToken, Task<TResult>> call,
        JsonTypeInfo<TResult> json,
        Func<TResult, IEnumerable<JsonElement>> rows)
        where TClient : notnull
    {
        Command.Options.Add(Format);
        Command.Options.Add(Output);
        Command.Options.Add(Account);
        _connection.AddTo(Command);
        Command.SetAction((parse, cancellationToken) => session.RunAsync(parse, ct => RunAsync(session, parse, call, json, rows, ct), cancellationToken));
        return Command;
    }

    private async Task<int> RunAsync<TClient, TResult>(
        CliSession session,
        ParseResult parse,
        Func<ParseResult, TClient, CancellationToken, Task<TResult>> call,
        JsonTypeInfo<TResult> json,
        Func<TResult, IEnumerable<JsonElement>> rows,
        CancellationToken cancellationToken)
        where TClient : notnull
    {
        var connection = _connection.Resolve(parse, _vendor, session);
        var account = ChooseAccount(connection, parse.GetValue(Account));
        await using var services = VendorServices.Build(session, [connection with { Accounts = [account] }]);
        var client = VendorServices.Client<TClient>(services, _vendor, account.Name);
        var result = await call(parse, client, cancellationToken);

        await using var target = OutputTarget.Open(session, parse.GetValue(Output));
        if (parse.GetValue(Format) == "table")
        {
            var writer = new StreamWriter(target.Stream, leaveOpen: true) { NewLine = "\n", AutoFlush = true };
            await using (writer)
            {
                var width = target.IsStandardOutput && session.Console.IsOutputTerminal ? session.Console.TerminalWidth : null;
                JsonTable.Write(CliSession.CreateTableConsole(writer, width), rows(result));
            }
        }
        else
        {
            await JsonSerializer.SerializeAsync(target.Stream, result, json, cancellationToken);
            await target.Stream.WriteAsync("\n"u8.ToArray(), cancellationToken);
        }

        target.Commit();
        return ExitCodes.Ok;
    }

    /// <summary>Serializes one row for the table.</summary>
    public static JsonElement Row<T>(T value, JsonTypeInfo<T> json) => JsonSerializer.SerializeToElement(value, json);

    private VendorAccount ChooseAccount(VendorConnection connection, string? name)
    {
        if (name is not null)
        {
            return connection.Accounts.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"--account: {_vendor.DisplayName} has no account '{name}' (accounts: {string.Join(", ", connection.Accounts.Select(a => a.Name))}).");
        }

        return connection.Accounts.Count == 1
            ? connection.Accounts[0]
            : throw new UsageException($"--config has {connection.Accounts.Count} {_vendor.DisplayName} accounts ({string.Join(", ", connection.Accounts.Select(a => a.Name))}): choose one with --account.");
    }

    private static Option<string> CreateFormat()
    {
        var format = new Option<string>("--format")
        {
            Description = "json (the typed result, default) or table (its rows).",
            HelpName = "json|table",
            DefaultValueFactory = _ => "json",
        };
        format.AcceptOnlyFromAmong("json", "table");
        return format;
    }

    /// <summary>A comma-separated list of positive ids.</summary>
    public static long[]? Ids(ParseResult parse, Option<string> option)
    {
        if (parse.GetValue(option) is not { } text)
        {
            return null;
        }

        return AgentsCommand.SplitList(text, option.Name)
            .Select(item => long.TryParse(item, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0
                ? id
                : throw new UsageException($"{option.Name}: '{item}' is not a positive id."))
            .ToArray();
    }
}
