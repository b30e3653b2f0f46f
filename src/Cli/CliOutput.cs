using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MarketoExport.Cli;

/// <summary>
/// Where a command's output goes. Human output (notes, progress, tables) goes to standard output, or to standard error
/// when the result is JSON (<c>--json</c>: standard output then carries exactly one JSON document), and not at all
/// with <c>--quiet</c> except the one-line result. Errors always go to standard error.
/// </summary>
public sealed class CliOutput(IAnsiConsole console, IAnsiConsole error)
{
    /// <summary>Standard output.</summary>
    public IAnsiConsole Console => console;

    /// <summary>Standard error.</summary>
    public IAnsiConsole Error => error;

    /// <summary>The result is one JSON document on standard output.</summary>
    public bool Json { get; set; }

    /// <summary>How much to print.</summary>
    public CliVerbosity Verbosity { get; set; } = CliVerbosity.Normal;

    /// <summary>Where notes, progress and tables go: null when they are not printed (<c>--quiet</c>).</summary>
    public IAnsiConsole? Human => Verbosity == CliVerbosity.Quiet ? null : Json ? error : console;

    /// <summary>A note (Spectre markup).</summary>
    public void Note(string markup) => Human?.MarkupLine(markup);

    /// <summary>A table or other renderable.</summary>
    public void Write(IRenderable renderable) => Human?.Write(renderable);

    /// <summary>True once the JSON result document has been written.</summary>
    public bool JsonWritten { get; private set; }

    /// <summary>The last error or result line, plain text: what an <see cref="Json.ErrorReport"/> carries.</summary>
    public string? LastMessage { get; private set; }

    /// <summary>The one-line result, printed even with <c>--quiet</c> (not with <c>--json</c>, whose document carries it).</summary>
    public void Result(string markup)
    {
        LastMessage = Markup.Remove(markup);
        if (Json)
        {
            error.MarkupLine(markup);
        }
        else
        {
            console.MarkupLine(markup);
        }
    }

    /// <summary>An error line on standard error: <c>error: TEXT</c> (plain text, not markup).</summary>
    public void Fail(string text)
    {
        LastMessage = text.ReplaceLineEndings(" ");
        error.MarkupLine($"[red]error:[/] {Markup.Escape(LastMessage)}");
    }

    /// <summary>A warning line on standard error (plain text).</summary>
    public void Warn(string text)
    {
        LastMessage = text.ReplaceLineEndings(" ");
        error.MarkupLine($"[yellow]warning:[/] {Markup.Escape(LastMessage)}");
    }

    /// <summary>Writes the JSON result document on standard output.</summary>
    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        TextWriter writer = console.Profile.Out.Writer;
        writer.WriteLine(JsonSerializer.Serialize(value, typeInfo));
        writer.Flush();
        JsonWritten = true;
    }
}
