namespace MarketoExport.Management.Http;

/// <summary>A start request's body was refused; <see cref="StatusCode"/> is 400 or 413 and the message names the field.</summary>
public sealed class StartBodyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StartBodyException(int statusCode, string message) : base(message) => StatusCode = statusCode;

    /// <summary>Creates the exception.</summary>
    public StartBodyException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public StartBodyException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StartBodyException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>The HTTP status to answer with.</summary>
    public int StatusCode { get; } = 400;
}
