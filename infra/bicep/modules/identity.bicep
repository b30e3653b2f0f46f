// The user-assigned managed identity the Function App runs as. A user-assigned identity (rather than the
// system-assigned one) exists before the app does, so every role assignment can be made, and has
// propagated, before the app first starts and resolves its Key Vault reference and storage connections.

@description('Name of the user-assigned managed identity.')
@minLength(3)
@maxLength(128)
param name string

@description('Azure region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity (for the app\'s identity block and Key Vault reference identity).')
output id string = identity.id

@description('Client id of the identity (for AzureWebJobsStorage__clientId and the app\'s credentials).')
output clientId string = identity.properties.clientId

@description('Object (principal) id of the identity (for role assignments).')
output principalId string = identity.properties.principalId
