using Azure;
using Azure.Identity;

namespace MarketoExport.Durable.AzureStorage;

/// <summary>
/// The Azure Storage task hub could not be reached, created or signed in to when the worker started. The message
/// names the hub, the storage error's first line and the keys to check; it never holds the connection string.
/// </summary>
public sealed class TaskHubUnavailableException : Exception
{
    /// <summary>Creates the exception from the storage failure.</summary>
    public TaskHubUnavailableException(string taskHub, Exception innerException)
        : base(
            $"The Azure Storage task hub '{taskHub}' could not be reached: {Reason(innerException)}. Check {AzureStorageBackendOptions.Key(nameof(AzureStorageBackendOptions.ConnectionString))} "
            + $"(or {AzureStorageBackendOptions.Key(nameof(AzureStorageBackendOptions.AccountName))} and its identity's Storage Blob, Queue and Table Data Contributor roles) and that the account, or Azurite, is reachable.",
            innerException)
    {
        TaskHub = taskHub;
    }

    /// <summary>The task hub.</summary>
    public string TaskHub { get; }

    /// <summary>True when <paramref name="exception"/> (or one it wraps) is a storage, network or sign-in failure.</summary>
    public static bool IsStorageFailure(Exception exception) => Causes(exception).Any(e =>
        e is RequestFailedException or AuthenticationFailedException or CredentialUnavailableException or HttpRequestException
        || e.GetType().Name == "DurableTaskStorageException");

    private static string Reason(Exception exception)
    {
        Exception cause = Causes(exception).FirstOrDefault(e => e is RequestFailedException or AuthenticationFailedException or CredentialUnavailableException)
            ?? Causes(exception).Last();
        string first = cause.Message.Split('\n', 2)[0].Trim();
        return first.Length == 0 ? cause.GetType().Name : first.TrimEnd('.');
    }

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.Count > 0)
        {
            Exception e = pending.Pop();
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (Exception inner in aggregate.InnerExceptions.Reverse())
                {
                    pending.Push(inner);
                }
            }
            else if (e.InnerException is not null)
            {
                pending.Push(e.InnerException);
            }
        }
    }
}
