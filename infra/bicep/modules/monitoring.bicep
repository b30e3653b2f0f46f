// Log Analytics workspace + workspace-based Application Insights. Local (instrumentation-key) authentication
// is disabled: the app sends telemetry with its managed identity, which therefore gets
// "Monitoring Metrics Publisher" on the component and nothing more.

@description('Name of the Log Analytics workspace.')
@minLength(4)
@maxLength(63)
param workspaceName string

@description('Name of the Application Insights component.')
@minLength(1)
@maxLength(260)
param appInsightsName string

@description('Azure region of both resources.')
param location string

@description('Tags applied to both resources.')
param tags object

@description('Days the workspace keeps logs (30 is included in the ingestion price).')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Object (principal) id of the app\'s user-assigned identity, which publishes telemetry with Entra authentication. Role assignment names are derived from it, so a recreated identity gets new assignments instead of colliding with the old ones.')
param principalId string

// Built-in role: Monitoring Metrics Publisher.
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, monitoringMetricsPublisherRoleId)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      monitoringMetricsPublisherRoleId
    )
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Application Insights connection string (not a secret: ingestion requires Entra auth here).')
output connectionString string = appInsights.properties.ConnectionString

@description('Resource id of the Application Insights component.')
output appInsightsId string = appInsights.id
