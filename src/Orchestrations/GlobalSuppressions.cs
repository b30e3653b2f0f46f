using System.Diagnostics.CodeAnalysis;

// DURABLE0010 flags every logger a method of an orchestrator's call graph uses unless that method created it from the
// context. The object flow creates its logger once, with TaskOrchestrationContext.CreateReplaySafeLogger, in its
// constructor and passes the run orchestrator's logger down the same way; no other logger exists in this project.
[assembly: SuppressMessage("Durable", "DURABLE0010", Justification = "Loggers here come from context.CreateReplaySafeLogger (see above).", Scope = "type", Target = "~T:MarketoExport.Orchestrations.Export.ObjectExportFlow")]
[assembly: SuppressMessage("Durable", "DURABLE0010", Justification = "Loggers here come from context.CreateReplaySafeLogger (see above).", Scope = "type", Target = "~T:MarketoExport.Orchestrations.Export.ExportRunOrchestrator")]
