using System.Globalization;
using MarketoExport.Activities;
using MarketoExport.Activities.Checkpoints;
using MarketoExport.Cli.Json;
using MarketoExport.Cli.Progress;
using MarketoExport.Marketo;
using MarketoExport.Marketo.CustomObjects;
using MarketoExport.Marketo.Errors;
using MarketoExport.Marketo.Usage;
using MarketoExport.Orchestrations.Export;
using Spectre.Console;

namespace MarketoExport.Cli;

/// <summary>
/// <c>check</c>: what a first run needs, each checked with one cheap call and reported ok, warning or failed with the
/// fix: the credentials (a token), the API user's role permissions per area (a call into each area; 603 means the role
/// lacks it), the checkpoint custom object (exists, approved, every field), the configured custom objects, and today's
/// API calls and export bytes against the quotas. Exit 0 when nothing failed, 1 otherwise.
/// </summary>
public static class CheckCommand
{
    private const string Ok = "ok";
    private const string Warning = "warning";
    private const string Failed = "failed";
    private const string Skipped = "skipped";
    private const string RoleFix = "Admin > Users & Roles > Roles > the API user's role > Access API: tick ";

    /// <summary>Runs the checks; returns the exit code.</summary>
    public static async Task<int> RunAsync(ExportRuntime runtime, CliOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(output);
        CliOptions options = runtime.Options;
        IMarketoClient marketo = runtime.Services.GetRequiredService<IMarketoClient>();
        var checks = new List<CheckItem>();
        IReadOnlyList<ExportObject> objects = options.Objects;
        bool leadsNeeded = objects.Any(o => o.Kind is ExportObjectKind.Leads or ExportObjectKind.ProgramMembers);
        bool activitiesNeeded = objects.Any(o => o.Kind == ExportObjectKind.Activities);

        // 1. Credentials: the usage call needs no permission, so it fails only on the token (or the connection).
        long? callsToday = null;
        try
        {
            IReadOnlyList<ApiUsageDay> usage = await marketo.GetUsageAsync(cancellationToken);
            callsToday = usage.Sum(d => d.Total);
            checks.Add(new CheckItem("credentials", Ok, $"Marketo issued an access token for client id {Mask(options.MarketoClientId)}.", null));
        }
        catch (MarketoAuthenticationException ex)
        {
            checks.Add(new CheckItem("credentials", Failed, $"Marketo refused the client id and secret: {OneLine(ex)}",
                "Set Marketo__ClientId and Marketo__ClientSecret to the values of the API service (Admin > LaunchPoint > the service > View Details)."));
        }
        catch (Exception ex) when (ex is MarketoUnreachableException or MarketoHttpException)
        {
            checks.Add(new CheckItem("credentials", Failed, $"Marketo could not be reached: {OneLine(ex)}",
                "Set Marketo__BaseUrl to the REST API endpoint without /rest (Admin > Web Services), e.g. https://123-ABC-456.mktorest.com, and check the network."));
        }

        if (checks[0].Status != Ok)
        {
            foreach (string name in new[] { "permission: Read-Only Lead", "permission: Read-Only Activity", "permission: Read-Write Custom Object",
                         "permission: Read-Write Custom Object Type", "checkpoint object", "API calls today", "export bytes today" })
            {
                checks.Add(new CheckItem(name, Skipped, "not checked: no access token.", null));
            }

            return Report(runtime, output, checks);
        }

        // 2. The role's permissions: one call into each area.
        checks.Add(await PermissionAsync("Read-Only Lead", leadsNeeded, "leads and program members",
            () => marketo.DescribeLeadFieldsAsync(cancellationToken)));
        checks.Add(await PermissionAsync("Read-Only Activity", activitiesNeeded, "activities",
            () => marketo.GetActivityTypesAsync(cancellationToken)));
        checks.Add(await PermissionAsync("Read-Write Custom Object", needed: true, "the checkpoints and custom objects",
            () => marketo.ListCustomObjectTypesAsync(null, cancellationToken)));
        CheckItem schema = await PermissionAsync("Read-Write Custom Object Type", needed: false, "`provision` (creating the checkpoint object)",
            () => marketo.DescribeCustomObjectTypeAsync(options.CheckpointObject, null, cancellationToken));
        checks.Add(schema);

        // 3. The checkpoint object and the configured custom objects.
        if (runtime.Store is MirroredCheckpointStore mirror)
        {
            try
            {
                await mirror.SeedAsync(cancellationToken);
            }
            catch (MarketoApiException ex) when (ex.Code == MarketoErrorCode.AccessDenied)
            {
                // The simulator's bootstrap provisions the object; a role that cannot is reported below as on a real instance.
            }
        }

        checks.Add(await CheckpointObjectAsync(marketo, options.CheckpointObject, cancellationToken));
        foreach (ExportObject o in objects.Where(o => o.Kind == ExportObjectKind.CustomObject))
        {
            checks.Add(await CustomObjectAsync(marketo, o.CustomObjectName!, cancellationToken));
        }

        // 4. Today's quotas.
        long quota = options.DailyCallQuota;
        if (callsToday is { } used)
        {
            long left = Math.Max(0, quota - used);
            string detail = string.Create(CultureInfo.InvariantCulture, $"{used:N0} of {quota:N0} used today, {left:N0} left (the quota resets at midnight America/Chicago).");
            checks.Add(left == 0
                ? new CheckItem("API calls today", Failed, detail, "Wait for the reset, or ask Adobe for a higher quota; --daily-call-quota if yours differs.")
                : left < quota / 10
                    ? new CheckItem("API calls today", Warning, detail, "Less than 10 % left: a large run may stop on the quota (exit 3) and resume after the reset.")
                    : new CheckItem("API calls today", Ok, detail, null));
        }

        try
        {
            long bytesQuota = runtime.Settings.DailyExportQuotaBytes;
            var request = new ExportUsageRequest(objects, QuotaClock.DayStartUtc(DateTime.UtcNow));
            long bytes = (await new GetExportUsageActivity(marketo, ActivityEnvironment.Unknown).RunAsync(request, cancellationToken)).BytesUsed;
            string detail = bytesQuota > 0
                ? $"{Sizes.Bytes(bytes)} of {Sizes.Bytes(bytesQuota)} exported today, {Sizes.Bytes(Math.Max(0, bytesQuota - bytes))} left."
                : $"{Sizes.Bytes(bytes)} exported today (no daily quota configured: Export:Settings:DailyExportQuotaBytes is 0).";
            checks.Add(bytesQuota > 0 && bytes >= bytesQuota
                ? new CheckItem("export bytes today", Failed, detail, "The bulk export quota is used up until midnight America/Chicago; run after that.")
                : new CheckItem("export bytes today", Ok, detail, null));
        }
        catch (MarketoApiException ex) when (ex.Code == MarketoErrorCode.AccessDenied)
        {
            checks.Add(new CheckItem("export bytes today", Warning, $"the export job lists are not readable: {OneLine(ex)}",
                "The bulk export permissions above cover them; fix those first."));
        }

        return Report(runtime, output, checks);
    }

    private static async Task<CheckItem> PermissionAsync<T>(string permission, bool needed, string usedFor, Func<Task<T>> call)
    {
        string name = $"permission: {permission}";
        try
        {
            await call();
            return new CheckItem(name, Ok, $"the API user's role has {permission}.", null);
        }
        catch (MarketoApiException ex) when (ex.Code == MarketoErrorCode.AccessDenied)
        {
            return new CheckItem(name, needed ? Failed : Warning,
                $"Marketo answered 603 (access denied): the role lacks {permission}, needed for {usedFor}{(needed ? string.Empty : " (not for the configured objects)")}.",
                RoleFix + permission + " (or an IP allowlist blocks this machine: Admin > Web Services > IP Restrictions).");
        }
    }

    private static async Task<CheckItem> CheckpointObjectAsync(IMarketoClient marketo, string apiName, CancellationToken cancellationToken)
    {
        const string name = "checkpoint object";
        CustomObjectMetadata? meta;
        try
        {
            meta = await marketo.DescribeCustomObjectAsync(apiName, cancellationToken);
        }
        catch (MarketoApiException ex) when (ex.Code == MarketoErrorCode.AccessDenied)
        {
            return new CheckItem(name, Failed, $"'{apiName}' cannot be read: 603 access denied.", RoleFix + "Read-Write Custom Object.");
        }

        if (meta is null)
        {
            return new CheckItem(name, Failed, $"custom object '{apiName}' does not exist or is not approved.",
                "Run `marketo-export provision` (needs Read-Write Custom Object Type), or give --checkpoint-object of an existing one.");
        }

        List<string> missing = CheckpointFields.All.Select(f => f.Name).Where(f => !meta.Fields.Any(x => string.Equals(x.Name, f, StringComparison.OrdinalIgnoreCase))).ToList();
        return missing.Count == 0
            ? new CheckItem(name, Ok, $"custom object '{apiName}' is approved with every checkpoint field.", null)
            : new CheckItem(name, Failed, $"custom object '{apiName}' lacks the field(s) {string.Join(", ", missing)}.", "Run `marketo-export provision` to add them and approve the object.");
    }

    private static async Task<CheckItem> CustomObjectAsync(IMarketoClient marketo, string apiName, CancellationToken cancellationToken)
    {
        string name = $"custom object {apiName}";
        try
        {
            CustomObjectMetadata? meta = await marketo.DescribeCustomObjectAsync(apiName, cancellationToken);
            return meta is null
                ? new CheckItem(name, Failed, $"'{apiName}' does not exist or is not approved.", "Check the API name in --objects (`marketo-export discover` lists them).")
                : new CheckItem(name, Ok, $"'{apiName}' is approved ({meta.Fields.Count} fields).", null);
        }
        catch (MarketoApiException ex) when (ex.Code == MarketoErrorCode.AccessDenied)
        {
            return new CheckItem(name, Failed, $"'{apiName}' cannot be read: 603 access denied.", RoleFix + "Read-Write Custom Object.");
        }
    }

    private static int Report(ExportRuntime runtime, CliOutput output, List<CheckItem> checks)
    {
        bool ok = checks.All(c => c.Status != Failed);
        if (output.Json)
        {
            string marketo = runtime.Options.MarketoBaseUrl ?? "simulator";
            output.WriteJson(new CheckReport(ok, marketo, checks), CliJsonContext.Default.CheckReport);
            return ok ? ExitCodes.Success : ExitCodes.Failed;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("Check");
        foreach (string column in new[] { "Check", "Result", "Detail", "Fix" })
        {
            table.AddColumn(column);
        }

        foreach (CheckItem c in checks)
        {
            string status = c.Status switch
            {
                Ok => "[green]ok[/]",
                Warning => "[yellow]warning[/]",
                Failed => "[red]failed[/]",
                _ => "[grey]skipped[/]",
            };
            table.AddRow(Markup.Escape(c.Name), status, Markup.Escape(c.Detail), Markup.Escape(c.Fix ?? string.Empty));
        }

        output.Write(table);
        int failed = checks.Count(c => c.Status == Failed);
        int warnings = checks.Count(c => c.Status == Warning);
        output.Result(ok
            ? $"[green]Ready:[/] every check passed{(warnings > 0 ? $" ({warnings} warning(s))" : string.Empty)}."
            : $"[red]Not ready:[/] {failed} check(s) failed; see the Fix column.");
        if (output.Verbosity == CliVerbosity.Quiet)
        {
            foreach (CheckItem c in checks.Where(c => c.Status == Failed))
            {
                output.Fail($"{c.Name}: {c.Detail} {c.Fix}");
            }
        }

        return ok ? ExitCodes.Success : ExitCodes.Failed;
    }

    private static string Mask(string? clientId) => clientId is null ? "(simulator)" : clientId.Length <= 8 ? clientId : clientId[..8] + "…";

    private static string OneLine(Exception ex) => ex.Message.ReplaceLineEndings(" ");
}
