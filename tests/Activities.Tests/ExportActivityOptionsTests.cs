using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarketoExport.Activities.Tests;

public sealed class ExportActivityOptionsTests
{
    [Fact]
    public void MaxDownloadExecutionTime_Default_IsFiftyMinutesUnderFlexsHour()
    {
        Assert.Equal(TimeSpan.FromMinutes(50), Resolve(_ => { }).MaxDownloadExecutionTime);
    }

    [Theory]
    [InlineData("00:00:59")]
    [InlineData("00:00:00")]
    [InlineData("1.00:00:01")]
    public void MaxDownloadExecutionTime_OutsideOneMinuteToOneDay_FailsValidation(string value)
    {
        TimeSpan budget = TimeSpan.Parse(value, CultureInfo.InvariantCulture);

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => Resolve(o => o.MaxDownloadExecutionTime = budget));

        Assert.Contains("MaxDownloadExecutionTime", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:01:00")]
    [InlineData("00:09:00")]
    [InlineData("1.00:00:00")]
    public void MaxDownloadExecutionTime_WithinRange_IsAccepted(string value)
    {
        TimeSpan budget = TimeSpan.Parse(value, CultureInfo.InvariantCulture);

        Assert.Equal(budget, Resolve(o => o.MaxDownloadExecutionTime = budget).MaxDownloadExecutionTime);
    }

    private static ExportActivityOptions Resolve(Action<ExportActivityOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddExportActivities(Path.GetTempPath(), configure);
        using ServiceProvider provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ExportActivityOptions>>().Value;
    }
}
