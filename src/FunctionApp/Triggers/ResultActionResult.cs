using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace MarketoExport.FunctionApp.Triggers;

/// <summary>
/// Runs a minimal-API <see cref="IResult"/> (what the shared management API returns) as the <see cref="IActionResult"/>
/// the Functions ASP.NET Core integration expects, so both hosts answer byte for byte alike.
/// </summary>
internal sealed class ResultActionResult(IResult result) : IActionResult
{
    /// <summary>The wrapped result (tests read it).</summary>
    public IResult Result => result;

    /// <inheritdoc />
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return result.ExecuteAsync(context.HttpContext);
    }
}
