using MarketoExport.Runtime.Embedded.Replay;

namespace MarketoExport.Runtime.Embedded.Storage;

/// <summary>A message waiting in an instance's inbox.</summary>
internal sealed record InboxMessage(long Id, HistoryEvent Event, int? Generation);
