// Key Vault in RBAC mode holding the Marketo client secret. The app reads it only through a Key Vault reference
// in its app settings, resolved by the platform with the app's user-assigned identity.

@description('Name of the vault (3-24 letters, digits and hyphens; globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the vault.')
param location string

@description('Tags applied to the vault.')
param tags object

@description('Name of the secret that holds the Marketo client secret.')
@minLength(1)
@maxLength(127)
param secretName string

@description('The Marketo client secret. Empty: the secret is not written by this deployment (set it with az keyvault secret set).')
@secure()
param secretValue string = ''

@description('Turn on purge protection (cannot be turned off again). Recommended for production.')
param enablePurgeProtection bool

@description('Name of the app\'s user-assigned identity (same resource group).')
param identityName string

// Built-in role: Key Vault Secrets User (read secret values). On the vault, which holds only this app's secret;
// the secret may be created after this deployment, so a secret-scoped assignment could not be made up front.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(secretValue)) {
  parent: vault
  name: secretName
  properties: {
    value: secretValue
    contentType: 'text/plain'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('Versionless URI of the Marketo client secret (the app always resolves the latest version).')
output secretUri string = '${vault.properties.vaultUri}secrets/${secretName}'
