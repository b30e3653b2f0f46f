using MarketoExport.Marketo.BulkExport;

namespace MarketoExport.Marketo.Tests.BulkExport;

public sealed class ExportEntityTests
{
    [Theory]
    [InlineData("leads", "leads")]
    [InlineData("activities", "activities")]
    [InlineData("programMembers", "program/members")]
    [InlineData("customObject:car_c", "customobjects/car_c")]
    public void Parse_Name_RoundTripsAndKnowsPath(string name, string path)
    {
        var sut = ExportEntity.Parse(name);

        Assert.Equal(name, sut.ToString());
        Assert.Equal(name, sut.Name);
        Assert.Equal(path, sut.PathSegment);
        Assert.Equal(sut, ExportEntity.Parse(sut.ToString()));
    }

    [Fact]
    public void CustomObject_ApiName_EqualsParsedValue()
    {
        var sut = ExportEntity.CustomObject("car_c");

        Assert.Equal(ExportEntityKind.CustomObject, sut.Kind);
        Assert.Equal("car_c", sut.CustomObjectApiName);
        Assert.Equal(sut, ExportEntity.Parse("customObject:car_c"));
        Assert.NotEqual(sut, ExportEntity.CustomObject("boat_c"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("lead")]
    [InlineData("customObject:")]
    [InlineData("customObject:bad/name")]
    public void Parse_Unknown_ThrowsFormatException(string name)
    {
        var ex = Assert.Throws<FormatException>(() => ExportEntity.Parse(name));

        Assert.Contains("customObject:<apiName>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomObject_InvalidName_Throws()
    {
        Assert.Throws<ArgumentException>(() => ExportEntity.CustomObject("car c"));
    }
}
