using System.CommandLine;

using MarketoExport.Cli;

namespace MarketoExport.Reliability.Tests;

/// <summary>Adds a test's standard options (folders, fast polling) to a command line, where the command takes them.</summary>
internal static class CliArgs
{
    /// <summary>
    /// <paramref name="args"/> plus each of <paramref name="defaults"/> that the parsed command accepts and that is not
    /// given already (the command line's own syntax decides).
    /// </summary>
    public static string[] With(string[] args, params (string Option, string Value)[] defaults)
    {
        Command command = new CliCommandLine().Parse(args).CommandResult.Command;
        var names = new HashSet<string>(command.Options.SelectMany(o => o.Aliases.Append(o.Name)), StringComparer.Ordinal);
        for (Command? parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            names.UnionWith(parent.Options.Where(o => o.Recursive).SelectMany(o => o.Aliases.Append(o.Name)));
        }

        var all = new List<string>(args);
        foreach ((string option, string value) in defaults)
        {
            if (names.Contains(option) && !args.Any(a => a == option || a.StartsWith(option + "=", StringComparison.Ordinal)))
            {
                all.Add(option);
                all.Add(value);
            }
        }

        return [.. all];
    }
}
