namespace MarketoExport.Marketo.CustomObjects;

/// <summary>The target of a custom object link field: an object and its field (e.g. <c>lead</c> / <c>id</c>).</summary>
/// <param name="Name">The linked object (<c>lead</c>, <c>company</c> or a custom object API name).</param>
/// <param name="Field">The linked field on that object.</param>
public sealed record CustomObjectLink(string Name, string Field);
