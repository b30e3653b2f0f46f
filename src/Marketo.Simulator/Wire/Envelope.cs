namespace MarketoExport.Marketo.Simulator.Wire;

/// <summary>Marketo's response envelope; null members are omitted on the wire.</summary>
internal sealed record Envelope<T>(
    string RequestId,
    bool Success,
    IReadOnlyList<T>? Result = null,
    IReadOnlyList<ErrorItem>? Errors = null,
    IReadOnlyList<string>? Warnings = null,
    bool? MoreResult = null,
    string? NextPageToken = null);
