// Marketo Durable Export on Azure: a Flex Consumption Function App (.NET isolated) with its runtime storage
// (host state, Durable Task hub, deployment package), a separate landing storage account for exported files,
// Application Insights on a Log Analytics workspace, a Key Vault (RBAC) holding the Marketo client secret, and
// a user-assigned managed identity with least-privilege roles on each. See infra/README.md.

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------------------
// Naming and placement
// ---------------------------------------------------------------------------------------------------------

@description('Short prefix for resource names: 3-11 lowercase letters and digits, starting with a letter (it becomes part of two storage account names, which allow nothing else). Checked before anything is deployed.')
@minLength(3)
@maxLength(11)
param namePrefix string

@description('Azure region for every resource; defaults to the resource group\'s. Must offer the Flex Consumption plan.')
param location string = resourceGroup().location

@description('Tags applied to every resource.')
param tags object = {}

@description('Name of the Function App; globally unique, it becomes <name>.azurewebsites.net. Default: derived from the prefix and the resource group.')
@minLength(2)
@maxLength(60)
param functionAppName string = 'func-${namePrefix}-${uniqueString(resourceGroup().id, namePrefix)}'

// ---------------------------------------------------------------------------------------------------------
// Function App hosting
// ---------------------------------------------------------------------------------------------------------

@description('.NET version of the isolated worker (functionAppConfig.runtime.version).')
@allowed([
  '8.0'
  '9.0'
  '10.0'
])
param dotnetVersion string = '10.0'

@description('Memory of each Flex Consumption instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances Flex may run for each function group (durable, http) or lone function (the timer). 40 is the lowest value every Flex region accepts. It does not bound Marketo calls: the orchestration runs at most 2 object exports with one activity each, and the Marketo client\'s governor caps each worker (infra/README.md).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Durable Task hub name (DurableTaskHubName app setting, read by host.json): 3-45 letters and digits, starting with a letter (no hyphens). Two apps sharing one storage account need different hubs. Checked before anything is deployed.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'MarketoExport'

// ---------------------------------------------------------------------------------------------------------
// Marketo
// ---------------------------------------------------------------------------------------------------------

@description('Marketo REST base URL without a trailing /rest, e.g. https://123-ABC-456.mktorest.com (Admin > Web Services > REST API endpoint).')
@minLength(8)
param marketoBaseUrl string

@description('Client id of the Marketo LaunchPoint custom service (not a secret).')
@minLength(1)
param marketoClientId string

@description('Client secret of the Marketo custom service. Required on every deployment: the template writes it to Key Vault and points Marketo__ClientSecret at it, so the app never gets a reference to a secret that does not exist.')
@minLength(1)
@secure()
param marketoClientSecret string

@description('Name of the Key Vault secret that holds the Marketo client secret.')
@minLength(1)
@maxLength(127)
param marketoClientSecretName string = 'marketo-client-secret'

@description('Webhook that gets an alert when a run fails for a reason a person must fix. It usually carries a token, so it is written to Key Vault (alert-webhook-url) and the app gets a reference to it. Empty (the default) turns alerts off: no Export__AlertWebhookUrl setting is written, and alerts are only logged. Pass it on every deployment that should keep alerts on.')
@secure()
param alertWebhookUrl string = ''

@description('Turn on Key Vault purge protection; it cannot be turned off again. Recommended for production; turn off for throw-away environments.')
param enableKeyVaultPurgeProtection bool = true

@description('recover for the one deployment after the vault was deleted (for example with its resource group): a deleted vault is kept for 90 days under its name, and a default deployment fails on it. Back to default afterwards, because recover fails when there is no deleted vault. See infra/README.md.')
@allowed([
  'default'
  'recover'
])
param keyVaultCreateMode string = 'default'

@description('Name of the Key Vault (3-24 letters, digits and hyphens; globally unique). Default: derived from the prefix and the resource group. Give a new name instead of recovering a deleted vault.')
@minLength(3)
@maxLength(24)
param keyVaultName string = take('kv-${namePrefix}-${uniqueString(resourceGroup().id, namePrefix)}', 24)

// ---------------------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------------------

@description('NCRONTAB schedule of the nightly run: six fields, seconds first (second minute hour day month day-of-week), in UTC. Flex Consumption does not support WEBSITE_TIME_ZONE or TZ, so the timer always runs on UTC. Checked before anything is deployed.')
@minLength(11)
param exportSchedule string = '0 0 2 * * *'

@description('Run the export on exportSchedule. false pauses the timer (app setting AzureWebJobs.ScheduledExport.Disabled=true) and keeps it paused across deployments; exports can still be started through the management API.')
param enableSchedule bool = true

@description('Objects each run exports: leads, activities, programMembers or customObject:<API name>.')
@minLength(1)
param exportObjects array = [
  'leads'
  'activities'
]

@description('Object exports in flight at once. Marketo runs at most 2 export jobs per subscription.')
@minValue(1)
@maxValue(2)
param maxConcurrentObjectExports int = 2

@description('Daily bulk-export quota of the Marketo subscription in MB (500 by default; more if purchased); a run checks it before each window.')
@minValue(1)
param dailyExportQuotaMB int = 500

// ---------------------------------------------------------------------------------------------------------
// Landing zone and monitoring
// ---------------------------------------------------------------------------------------------------------

@description('Name of the blob container export files land in (3-63 lowercase letters, digits and hyphens).')
@minLength(3)
@maxLength(63)
param landingContainerName string = 'marketo-landing'

@description('Redundancy of the landing storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
])
param landingStorageSku string = 'Standard_ZRS'

@description('Days a deleted or overwritten landing blob (or container) can be restored.')
@minValue(1)
@maxValue(365)
param landingSoftDeleteRetentionDays int = 14

@description('Days the Log Analytics workspace keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

// ---------------------------------------------------------------------------------------------------------

// Checks the decorators cannot express (Bicep has no pattern decorator). Every resource name goes through
// checkedPrefix, so a bad value stops the deployment with all the messages before anything is created or changed.
var lowercase = 'abcdefghijklmnopqrstuvwxyz'
var letters = '${lowercase}ABCDEFGHIJKLMNOPQRSTUVWXYZ'
var digits = '0123456789'
var namePrefixIsValid = isMadeOf(namePrefix, '${lowercase}${digits}') && startsWithOneOf(namePrefix, lowercase)
var taskHubNameIsValid = isMadeOf(taskHubName, '${letters}${digits}') && startsWithOneOf(taskHubName, letters)
var keyVaultNameHyphensAreValid = !endsWith(keyVaultName, '-') && !contains(keyVaultName, '--')
var keyVaultNameIsValid = isMadeOf(keyVaultName, '${letters}${digits}-') && startsWithOneOf(keyVaultName, letters) && keyVaultNameHyphensAreValid
var exportScheduleIsValid = length(filter(split(exportSchedule, ' '), field => !empty(field))) == 6
var parameterProblems = filter(
  [
    namePrefixIsValid
      ? ''
      : 'namePrefix \'${namePrefix}\' must be lowercase letters and digits, starting with a letter: it becomes part of storage account names.'
    taskHubNameIsValid
      ? ''
      : 'taskHubName \'${taskHubName}\' must be letters and digits only, starting with a letter: Durable task hub names allow no hyphens or other characters.'
    keyVaultNameIsValid
      ? ''
      : 'keyVaultName \'${keyVaultName}\' must be letters, digits and single hyphens, starting with a letter and not ending with a hyphen.'
    exportScheduleIsValid
      ? ''
      : 'exportSchedule \'${exportSchedule}\' must be an NCRONTAB expression of six fields, seconds first, e.g. \'0 0 2 * * *\' for 02:00 UTC.'
  ],
  problem => !empty(problem)
)
var checkedPrefix = empty(parameterProblems) ? namePrefix : fail('Invalid parameters: ${join(parameterProblems, ' ')}')

var suffix = uniqueString(resourceGroup().id, checkedPrefix)
var names = {
  identity: 'id-${checkedPrefix}-${suffix}'
  workspace: 'log-${checkedPrefix}-${suffix}'
  appInsights: 'appi-${checkedPrefix}-${suffix}'
  runtimeStorage: take('st${checkedPrefix}fn${suffix}', 24)
  landingStorage: take('st${checkedPrefix}ld${suffix}', 24)
  plan: 'plan-${checkedPrefix}-${suffix}'
  deploymentContainer: 'app-package'
  alertWebhookSecret: 'alert-webhook-url'
}

@description('True when every character of value is one of the characters in allowed (case-sensitive).')
func isMadeOf(value string, allowed string) bool =>
  empty(filter(map(range(0, length(value)), i => substring(value, i, 1)), c => !contains(allowed, c)))

@description('True when the first character of value is one of the characters in allowed (case-sensitive).')
func startsWithOneOf(value string, allowed string) bool => contains(allowed, first(value))

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
    // Role assignment names derive from the principal id (a runtime value), so What-If cannot predict them; that is
    // what lets a recreated identity get new assignments instead of RoleAssignmentUpdateNotPermitted.
    #disable-next-line what-if-short-circuiting
    principalId: identity.outputs.principalId
  }
}

module runtimeStorage 'modules/runtimeStorage.bicep' = {
  name: 'runtimeStorage'
  params: {
    name: names.runtimeStorage
    location: location
    tags: tags
    deploymentContainerName: names.deploymentContainer
    #disable-next-line what-if-short-circuiting // role assignment names derive from the principal id (see the monitoring module)
    principalId: identity.outputs.principalId
  }
}

module landingStorage 'modules/landingStorage.bicep' = {
  name: 'landingStorage'
  params: {
    name: names.landingStorage
    location: location
    tags: tags
    skuName: landingStorageSku
    containerName: landingContainerName
    softDeleteRetentionDays: landingSoftDeleteRetentionDays
    #disable-next-line what-if-short-circuiting // role assignment names derive from the principal id (see the monitoring module)
    principalId: identity.outputs.principalId
  }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'keyVault'
  params: {
    name: keyVaultName
    location: location
    tags: tags
    secrets: {
      '${marketoClientSecretName}': marketoClientSecret
      '${names.alertWebhookSecret}': alertWebhookUrl
    }
    enablePurgeProtection: enableKeyVaultPurgeProtection
    createMode: keyVaultCreateMode
    #disable-next-line what-if-short-circuiting // role assignment names derive from the principal id (see the monitoring module)
    principalId: identity.outputs.principalId
  }
}

// The app's own settings. Names use "__" for configuration sections (Marketo:BaseUrl <- Marketo__BaseUrl).
var exportObjectSettings = toObject(
  range(0, length(exportObjects)),
  i => 'Export__Objects__${i}',
  i => string(exportObjects[i])
)

// A download attempt ends by its own timeout before host.json functionTimeout (01:00:00) ends the execution, and
// within the 60 minutes Flex grants a running execution when it scales an instance in (infra/check compares them).
var fileDownloadTimeout = '00:50:00'

var appSettings = union(
  {
    DurableTaskHubName: taskHubName
    Marketo__BaseUrl: marketoBaseUrl
    Marketo__ClientId: marketoClientId
    // Always a secret this deployment wrote (marketoClientSecret is required).
    Marketo__ClientSecret: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/${marketoClientSecretName})'
    Marketo__FileDownloadTimeout: fileDownloadTimeout
    Export__Schedule: exportSchedule
    // The timer's on/off switch lives in the template, so a deployment never undoes a pause (or an unpause).
    'AzureWebJobs.ScheduledExport.Disabled': enableSchedule ? 'false' : 'true'
    Export__Settings__MaxConcurrentObjects: string(maxConcurrentObjectExports)
    Export__Settings__DailyExportQuotaBytes: string(dailyExportQuotaMB * 1024 * 1024)
    Landing__Kind: 'blob'
    Landing__Blob__AccountUrl: landingStorage.outputs.blobServiceUri
    Landing__Blob__Container: landingContainerName
    Landing__Blob__ClientId: identity.outputs.clientId
  },
  exportObjectSettings,
  // Only when this deployment wrote the secret: alerts are off rather than pointed at a secret that may not exist.
  empty(alertWebhookUrl)
    ? {}
    : {
        Export__AlertWebhookUrl: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/${names.alertWebhookSecret})'
      }
)

module functionApp 'modules/functionApp.bicep' = {
  name: 'functionApp'
  params: {
    name: functionAppName
    planName: names.plan
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    runtimeStorageAccountName: runtimeStorage.outputs.name
    deploymentContainerUrl: runtimeStorage.outputs.deploymentContainerUrl
    appInsightsConnectionString: monitoring.outputs.connectionString
    dotnetVersion: dotnetVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    appSettings: appSettings
  }
}

@description('Name of the Function App (for func azure functionapp publish).')
output functionAppName string = functionApp.outputs.name

@description('Base URL of the Function App.')
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'

@description('Base of the management HTTP API (POST to start, GET /{id} for status, ...); calls need a function key (x-functions-key header or code=).')
output managementApiBaseUrl string = 'https://${functionApp.outputs.defaultHostName}/api/exports'

@description('URL of the landing container.')
output landingContainerUrl string = landingStorage.outputs.containerUrl

@description('Name of the Key Vault that holds the Marketo client secret.')
output keyVaultName string = keyVault.outputs.name

@description('Client id of the app\'s managed identity.')
output managedIdentityClientId string = identity.outputs.clientId
