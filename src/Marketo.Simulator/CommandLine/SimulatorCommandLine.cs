using System.Globalization;

namespace MarketoExport.Marketo.Simulator.CommandLine;

/// <summary>Parses the standalone flags into <see cref="SimulatorOptions"/>.</summary>
internal static class SimulatorCommandLine
{
    public const string Usage = """
        Marketo simulator. Usage: dotnet run --project src/Marketo.Simulator -- [flags]
          --urls URL                     listen address (default http://127.0.0.1:5080)
          --client-id ID                 accepted client id (default sim-client-id)
          --client-secret SECRET         accepted client secret (default sim-client-secret)
          --api-user EMAIL               API user reported as token scope
          --token-lifetime-seconds N     access token lifetime (default 3600)
          --legacy-query-token           also accept ?access_token=
          --job-tick-seconds S           how often export jobs advance; fractions allowed (default 60)
          --job-processing-ticks N       ticks a job spends Processing (default 1)
          --records-per-extra-tick N     one extra Processing tick per N records (default 0 = off)
          --export-quota-mb N            daily export allocation in MB (default 500)
          --seed N                       data and fault seed (default 42)
          --leads N  --activities N  --program-members N  --custom-object-records N   dataset sizes
          --extra-custom-objects N       synthetic copies of car_c: car2_c .. car{N+1}_c (0-6, default 0)
          --data-start ISO  --data-end ISO   span of the synthetic timestamps
          --rate-limit-calls N           calls per window (default 100)
          --rate-limit-window-seconds S  sliding window (default 20)
          --max-concurrent-calls N       calls in flight (default 10)
          --daily-call-quota N           calls per day (default 50000)
          --quota-time-zone ID           zone whose midnight resets quotas (default America/Chicago)
          --queue-capacity N             export queue capacity (default 10)
          --max-processing N             export jobs processing at once (default 2)
          --no-updated-at-filter         answer updatedAt bulk filters with 1035
          --no-smart-list-filter         answer smartList bulk filters with 1035
          --no-schema-api                answer custom-object schema calls with 616
          --standalone-co-export MODE    reject | export-by-updated-at (default reject)
          --deny-permission AREA         answer 603 for an area: lead | activity | custom-object | custom-object-type (repeatable)
          --unknown-field-code CODE      bulk export code for an unknown field: 1003 | 1006 (default 1003)
          --verbose                      request logging
          --help                         this text
        """;

    public static bool TryParse(IReadOnlyList<string> args, out SimulatorOptions options, out string? error, out bool help)
    {
        options = new SimulatorOptions { Urls = "http://127.0.0.1:5080" };
        error = null;
        help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var name = arg;
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                name = arg[..eq];
                inline = arg[(eq + 1)..];
            }

            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new FormatException($"{name} needs a value");
                }

                return args[++i];
            }

            long Long(long min)
            {
                var v = Value();
                return long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
                    ? n
                    : throw new FormatException($"{name} expects an integer ≥ {min}, got '{v}'");
            }

            int Int(int min) => (int)Math.Min(int.MaxValue, Long(min));

            double Positive()
            {
                var v = Value();
                return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0 && double.IsFinite(d)
                    ? d
                    : throw new FormatException($"{name} expects a positive number of seconds, got '{v}'");
            }

            DateTimeOffset Date()
            {
                var v = Value();
                return DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
                    ? d
                    : throw new FormatException($"{name} expects an ISO-8601 datetime, got '{v}'");
            }

            try
            {
                switch (name)
                {
                    case "--help" or "-h": help = true; break;
                    case "--urls": options.Urls = Value(); break;
                    case "--client-id": options.ClientId = Value(); break;
                    case "--client-secret": options.ClientSecret = Value(); break;
                    case "--api-user": options.ApiUserEmail = Value(); break;
                    case "--token-lifetime-seconds": options.TokenLifetime = TimeSpan.FromSeconds(Positive()); break;
                    case "--legacy-query-token": options.AcceptLegacyQueryToken = true; break;
                    case "--job-tick-seconds": options.JobTickSeconds = Positive(); break;
                    case "--job-processing-ticks": options.JobProcessingTicks = Int(1); break;
                    case "--records-per-extra-tick": options.RecordsPerExtraTick = Long(0); break;
                    case "--export-quota-mb": options.ExportQuotaMb = Int(0); break;
                    case "--seed": options.Seed = Int(int.MinValue); break;
                    case "--leads": options.Leads = Int(0); break;
                    case "--activities": options.Activities = Long(0); break;
                    case "--program-members": options.ProgramMembers = Long(0); break;
                    case "--custom-object-records": options.CustomObjectRecords = Long(0); break;
                    case "--extra-custom-objects": options.ExtraSyntheticCustomObjects = Int(0); break;
                    case "--data-start": options.DataStart = Date(); break;
                    case "--data-end": options.DataEnd = Date(); break;
                    case "--rate-limit-calls": options.RateLimitCalls = Int(1); break;
                    case "--rate-limit-window-seconds": options.RateLimitWindow = TimeSpan.FromSeconds(Positive()); break;
                    case "--max-concurrent-calls": options.MaxConcurrentCalls = Int(1); break;
                    case "--daily-call-quota": options.DailyCallQuota = Int(1); break;
                    case "--quota-time-zone": options.QuotaTimeZoneId = Value(); break;
                    case "--queue-capacity": options.ExportQueueCapacity = Int(1); break;
                    case "--max-processing": options.ExportMaxProcessing = Int(1); break;
                    case "--no-updated-at-filter": options.UpdatedAtFilterSupported = false; break;
                    case "--no-smart-list-filter": options.SmartListFilterSupported = false; break;
                    case "--no-schema-api": options.CustomObjectSchemaApiEnabled = false; break;
                    case "--standalone-co-export":
                        var mode = Value();
                        options.StandaloneCustomObjectExport = mode switch
                        {
                            "reject" => StandaloneCustomObjectExportMode.Reject,
                            "export-by-updated-at" => StandaloneCustomObjectExportMode.ExportByUpdatedAt,
                            _ => throw new FormatException($"--standalone-co-export expects reject or export-by-updated-at, got '{mode}'"),
                        };
                        break;
                    case "--deny-permission":
                        var area = Value();
                        options.ApiUserPermissions &= ~(area switch
                        {
                            "lead" => SimulatorApiPermissions.Lead,
                            "activity" => SimulatorApiPermissions.Activity,
                            "custom-object" => SimulatorApiPermissions.CustomObject,
                            "custom-object-type" => SimulatorApiPermissions.CustomObjectType,
                            _ => throw new FormatException($"--deny-permission expects lead, activity, custom-object or custom-object-type, got '{area}'"),
                        });
                        break;
                    case "--unknown-field-code":
                        var code = Value();
                        options.UnknownFieldErrorCode = code is "1003" or "1006" ? code : throw new FormatException($"--unknown-field-code expects 1003 or 1006, got '{code}'");
                        break;
                    case "--verbose": options.VerboseLogging = true; break;
                    default:
                        throw new FormatException($"Unknown flag '{arg}'");
                }
            }
            catch (FormatException e)
            {
                error = e.Message;
                return false;
            }
        }

        if (options.DataEnd < options.DataStart)
        {
            error = "--data-end must not be before --data-start";
            return false;
        }

        return true;
    }
}
