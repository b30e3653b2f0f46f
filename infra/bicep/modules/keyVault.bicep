// Key Vault in RBAC mode holding the Marketo client secret (and the alert webhook URL, which carries a token). The app reads it only through a Key Vault reference
// in its app settings, resolved by the platform with the app's user-assigned identity.

@description('Name of the vault (3-24 letters, digits and hyphens; globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the vault.')
param location string

@description('Tags applied to the vault.')
param tags object

@description('Secrets to write, by name; an empty value is skipped (that secret is left as it is in the vault). Key Vault references are only made to secrets this deployment writes.')
@secure()
param secrets object

@description('Turn on purge protection (cannot be turned off again). Recommended for production.')
param enablePurgeProtection bool

@description('default: create the vault, or update it if it exists (fails if a soft-deleted vault of this name exists). recover: bring back the soft-deleted vault of this name with its secrets (fails if there is none); use it for the one deployment after the vault was deleted, then go back to default.')
@allowed([
  'default'
  'recover'
])
param createMode string

@description('Object (principal) id of the app\'s user-assigned identity. Role assignment names are derived from it, so a recreated identity gets new assignments instead of colliding with the old ones.')
param principalId string

// Built-in role: Key Vault Secrets User (read secret values). On the vault, which holds only this app's secrets:
// one assignment covers both secrets whichever of them exist, and survives a secret being deleted and set again.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    // A recovered vault keeps the properties it was deleted with; the next default-mode deployment applies these.
    createMode: createMode
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

resource secretValues 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = [
  for secret in items(secrets): if (!empty(secret.value)) {
    parent: vault
    name: secret.key
    properties: {
      value: secret.value
      contentType: 'text/plain'
    }
  }
]

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('URI of the vault; a secret\'s versionless URI is <vaultUri>secrets/<name> (the app then always resolves the latest version).')
output vaultUri string = vault.properties.vaultUri
