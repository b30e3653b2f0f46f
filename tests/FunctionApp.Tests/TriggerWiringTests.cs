using System.Reflection;
using MarketoExport.Activities;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.FunctionApp.Tests;

public sealed class TriggerWiringTests
{
    [Fact]
    public void ActivityFunctions_EveryActivityNameTheOrchestratorsCall_HasATrigger()
    {
        IEnumerable<string> called = typeof(ActivityNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);

        string[] missing = called.Except(RepositoryFiles.FunctionNames()).ToArray();

        Assert.True(missing.Length == 0, $"No activity trigger in src/FunctionApp for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void ActivityFunctions_EveryActivityClass_HasATrigger()
    {
        IEnumerable<string> activities = typeof(CreateExportJobActivity).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(IActivity).IsAssignableFrom(t))
            .Select(t => t.Name);

        string[] missing = activities.Except(RepositoryFiles.FunctionNames()).ToArray();

        Assert.True(missing.Length == 0, $"No activity trigger in src/FunctionApp for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void OrchestrationFunctions_EveryOrchestrator_HasATrigger()
    {
        IEnumerable<string> orchestrators = typeof(ExportRunOrchestrator).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(IOrchestrator).IsAssignableFrom(t))
            .Select(t => t.Name);

        string[] missing = orchestrators.Except(RepositoryFiles.FunctionNames()).ToArray();

        Assert.NotEmpty(orchestrators);
        Assert.True(missing.Length == 0, $"No orchestration trigger in src/FunctionApp for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Functions_Names_AreUniqueAndNeverStringLiterals()
    {
        IReadOnlyList<string> names = RepositoryFiles.FunctionNames();

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.DoesNotContain(RepositoryFiles.FunctionAppSources(), s => s.Contains("[Function(\"", StringComparison.Ordinal));
    }
}
