namespace MarketoExport.Marketo.Simulator.Wire;

/// <summary>A field in Describe Lead2 and Describe Program Member (<c>length</c> omitted when null).</summary>
internal sealed record DescribeFieldDto(string Name, string DisplayName, string DataType, int? Length, bool Updateable, bool CrmManaged);
