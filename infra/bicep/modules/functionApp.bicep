// The Function App on a Flex Consumption plan: .NET isolated worker, runs as the user-assigned identity, pulls
// its package from the runtime storage account with that identity, and reaches host storage, the Durable hub,
// Application Insights and the Key Vault reference with it too. No keys or connection strings anywhere.

@description('Name of the Function App (globally unique; part of its host name).')
@minLength(2)
@maxLength(60)
param name string

@description('Name of the Flex Consumption plan (one app per plan).')
@minLength(1)
@maxLength(60)
param planName string

@description('Azure region of the plan and the app.')
param location string

@description('Tags applied to the plan and the app.')
param tags object

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Name of the runtime storage account (host state, Durable hub, deployment package).')
param runtimeStorageAccountName string

@description('URL of the blob container the deployment package is uploaded to.')
param deploymentContainerUrl string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('.NET version of the isolated worker.')
@allowed([
  '8.0'
  '9.0'
  '10.0'
])
param dotnetVersion string

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Most instances each function group (durable, http) or lone function (the timer) may scale out to; Flex applies it per group, not per app. 40 is the lowest value every Flex region accepts. It does not bound Marketo calls: the orchestration shape and the client governor do (infra/README.md).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Application settings of the app itself (Marketo, export, landing, schedule), merged after the platform ones.')
param appSettings object

var platformSettings = {
  // Identity-based host storage: the host builds blob, queue and table URIs from the account name.
  AzureWebJobsStorage__accountName: runtimeStorageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  // Entra-authenticated telemetry (local auth is disabled on the component).
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

var settings = union(platformSettings, appSettings)

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references are resolved with this identity (the default would be a system-assigned one).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        for setting in items(settings): {
          name: setting.key
          value: setting.value
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }
}

@description('Name of the app.')
output name string = app.name

@description('Default host name of the app.')
output defaultHostName string = app.properties.defaultHostName
