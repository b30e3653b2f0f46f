namespace MarketoExport.Marketo.Simulator.Endpoints;

/// <summary>A request body (without Content-Length) grew past Marketo's 1 MB limit; answered with HTTP 413.</summary>
internal sealed class PayloadTooLargeException() : Exception("Request Entity Too Large");
