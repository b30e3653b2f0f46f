using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MarketoExport.Marketo.Simulator.Wire;

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Envelope<ExportJobDto>))]
[JsonSerializable(typeof(Envelope<ActivityTypeDto>))]
[JsonSerializable(typeof(Envelope<UsageDayDto>))]
[JsonSerializable(typeof(Envelope<ErrorDayDto>))]
[JsonSerializable(typeof(Envelope<JsonObject>))]
[JsonSerializable(typeof(Envelope<string>))]
[JsonSerializable(typeof(Envelope<LeadDescribe2Dto>))]
[JsonSerializable(typeof(Envelope<LeadFieldDto>))]
[JsonSerializable(typeof(Envelope<ProgramMemberDescribeDto>))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(OAuthError))]
[JsonSerializable(typeof(SimulatorFault))]
[JsonSerializable(typeof(IReadOnlyList<SimulatorFault>))]
[JsonSerializable(typeof(IReadOnlyList<ExportJobLogEntry>))]
[JsonSerializable(typeof(ExportQueueRecord))]
[JsonSerializable(typeof(CallCounters))]
[JsonSerializable(typeof(ExportUsageDto))]
[JsonSerializable(typeof(SubscriptionDto))]
[JsonSerializable(typeof(PermissionsDto))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonArray))]
internal sealed partial class SimulatorJsonContext : JsonSerializerContext;
