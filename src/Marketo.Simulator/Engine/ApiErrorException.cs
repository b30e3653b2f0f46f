namespace MarketoExport.Marketo.Simulator.Engine;

/// <summary>Thrown inside the simulator to answer a call with <c>success:false</c> and one error.</summary>
internal sealed class ApiErrorException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
