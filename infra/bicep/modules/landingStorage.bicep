// The landing zone for exported files: a storage account of its own, separate from the Function App's runtime
// account, so that exported data has its own redundancy, retention and access rules (downstream readers are
// granted on this account without seeing the Durable hub or the app package), and so that recreating or
// cleaning the app's storage can never touch landed data. The app's identity may only read and write blobs in
// the one landing container.

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the account.')
param location string

@description('Tags applied to the account.')
param tags object

@description('Redundancy of the landing account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
])
param skuName string

@description('Name of the container export files land in.')
@minLength(3)
@maxLength(63)
param containerName string

@description('Days a deleted or overwritten landing blob can still be restored.')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int

@description('Object (principal) id of the app\'s user-assigned identity. Role assignment names are derived from it, so a recreated identity gets new assignments instead of colliding with the old ones.')
param principalId string

// Built-in role: Storage Blob Data Contributor (read, write and delete blobs: the sink lands files, checks what
// is already there and replaces partial uploads). Scoped to the landing container, not the account.
var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
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
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}

resource blobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(container.id, principalId, storageBlobDataContributorRoleId)
  scope: container
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      storageBlobDataContributorRoleId
    )
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Blob service endpoint of the landing account (Landing__Blob__AccountUrl).')
output blobServiceUri string = account.properties.primaryEndpoints.blob

@description('URL of the landing container.')
output containerUrl string = '${account.properties.primaryEndpoints.blob}${container.name}'
