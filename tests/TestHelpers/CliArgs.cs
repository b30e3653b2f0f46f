using System.CommandLine;

namespace MarketoExport.TestHelpers;

/// <summary>Adds a test's standard options (folders, fast polling) to a command line, where the command takes them.</summary>
public static class CliArgs
{
    /// <summary>
    /// <paramref name="args"/> plus each of <paramref name="defaults"/> that the command <paramref name="root"/> parses
    /// <paramref name="args"/> to accepts and that is not given already (the command line's own syntax decides).
    /// </summary>
    /// <param name="root">The program's root command (<c>new CliCommandLine().Root</c>).</param>
    /// <param name="args">The arguments the test gives.</param>
    /// <param name="defaults">Options and values to add where they apply.</param>
    public static string[] With(RootCommand root, string[] args, params (string Option, string Value)[] defaults)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        Command command = root.Parse(args).CommandResult.Command;
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
