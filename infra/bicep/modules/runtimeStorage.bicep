// The Function App's own storage account: host state (AzureWebJobsStorage: keys, timer and singleton locks),
// the Durable Task hub (Azure Storage provider: control and work-item queues, History and Instances tables,
// lease and large-message blobs) and the Flex Consumption deployment container. Shared-key access is off;
// the app reaches it only with its managed identity.

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the account.')
param location string

@description('Tags applied to the account.')
param tags object

@description('Name of the blob container that holds the deployed app package.')
@minLength(3)
@maxLength(63)
param deploymentContainerName string

@description('Object (principal) id of the app\'s user-assigned identity. Role assignment names are derived from it, so a recreated identity gets new assignments instead of colliding with the old ones.')
param principalId string

// Built-in roles, granted on this account only.
var roles = {
  // The Functions host's documented role for AzureWebJobsStorage (host keys, timer/singleton leases) and the
  // Flex deployment container; Owner differs from Contributor only in ACL/ownership rights that matter on
  // hierarchical-namespace accounts, which this one is not. The Durable hub's lease and large-message blobs
  // are covered too.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Durable Task hub control and work-item queues (created, read, deleted by the host).
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Durable Task hub History and Instances tables.
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in items(roles): {
    name: guid(account.id, principalId, role.value)
    scope: account
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

@description('Name of the account (AzureWebJobsStorage__accountName).')
output name string = account.name

@description('URL of the deployment container (functionAppConfig.deployment.storage.value).')
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainer.name}'
