// The Flex Consumption plan and the Seatwise function app (.NET 10 isolated worker). Every setting of the
// app is declared here: an appsettings write replaces the whole collection.
param name string
param location string
param tags object
param planName string
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerUrl string
param applicationInsightsConnectionString string
param keyVaultUri string
param seatwiseTenantId string
param maximumInstanceCount int
param instanceMemoryMB int
param syncSchedule string
param digestSchedule string
@description('Browser origins allowed to call the API (dashboards hosted elsewhere); empty allows none.')
param corsAllowedOrigins array = []
@description('Sources a run collects besides graph (csv and the vendor sources).')
param enabledSources array = []
@description('Further Sources__<name>__<key> settings (organization ids, instance URLs).')
param sourceSettings object = {}
@description('Fully qualified Service Bus namespace for integration events; empty sends none.')
param eventsNamespaceHost string = ''
@description('Blob endpoint of a FinOps hub storage account for the FOCUS export; empty exports none.')
param focusHubBlobServiceUri string = ''

@description('Reclaim__Enabled: the kill switch for writes to vendors.')
param reclaimEnabled bool = false

@description('Graph__AppClientId: the multi-tenant app registration that reads registry tenants (docs/multi-tenant.md); empty: the default tenant only.')
param multiTenantAppClientId string = ''

@description('Runs__MaxConcurrentTenants: run slots shared by all tenants; 0: no limit.')
param maxConcurrentTenants int = 0

var vendorSources = ['github', 'slack', 'zoom', 'atlassian', 'salesforce']

// Each vendor's token is a Key Vault reference to secret <name>-token; it resolves once the secret is set
// (docs/deploy.md). A source that is not enabled is never called, so an unset secret does no harm.
// Zoom and Salesforce tokens live an hour or two: those two can use a client secret instead (secret
// <name>-client-secret, client id in sourceSettings) and fetch their own token each run. Whichever of the two
// references resolves is used.
var vendorSettings = reduce(vendorSources, {}, (settings, source) => union(settings, {
  'Sources__${source}__Enabled': string(contains(enabledSources, source))
  'Sources__${source}__Token': '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${source}-token)'
}, contains(['zoom', 'salesforce'], source) ? {
  'Sources__${source}__ClientSecret': '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${source}-client-secret)'
} : {}))

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references in app settings resolve with the user-assigned identity, not a system one.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      cors: { allowedOrigins: corsAllowedOrigins }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union({
    // Host storage and the Durable task hub, identity-based (no connection string, no key).
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AZURE_CLIENT_ID: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    Seatwise__TenantId: seatwiseTenantId
    Graph__Authentication: 'ManagedIdentity'
    Graph__BaseUrl: 'https://graph.microsoft.com/v1.0'
    Schedules__Sync: syncSchedule
    Schedules__Digest: digestSchedule
    // Registry tenants with their own schedule are started by this tick (docs/multi-tenant.md).
    Schedules__TenantTick: '0 */15 * * * *'
    Rules__InactivityDays: '90'
    Rules__GraceDays: '30'
    Rules__HeadroomPercent: '5'
    Rules__RenewalLookaheadDays: '60'
    Rules__IgnoredProducts: 'FLOW_FREE;POWER_BI_STANDARD;TEAMS_EXPLORATORY'
    Retention__Runs: '30'
    Alerts__MinAnnualCost: '0'
    // Secrets stay in Key Vault; the app setting is only a reference. Until the secret exists the reference
    // does not resolve and alerts are skipped (docs/deploy.md says how to set it).
    Alerts__TeamsWebhookUrl: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/teams-webhook-url)'
    // The reclaim approver's key: a secret apart from the API key, set in Key Vault by whoever approves (docs/reclaim.md).
    Reclaim__ApproverKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/reclaim-approver-key)'
    Reclaim__Enabled: string(reclaimEnabled)
    // Many tenants (docs/multi-tenant.md): the multi-tenant app trusts the app's identity through a federated
    // credential, so registry tenants are read without a secret; the operator key opens every tenant's routes.
    Graph__AppClientId: multiTenantAppClientId
    Graph__TenantAuthentication: 'FederatedIdentity'
    Runs__MaxConcurrentTenants: string(maxConcurrentTenants)
    Api__Key: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/api-operator-key)'
    Alerts__DashboardUrl: 'https://${app.properties.defaultHostName}/api/dashboard'
    Events__ServiceBusNamespace: eventsNamespaceHost
    Events__ClientId: identityClientId
    FocusHub__Enabled: string(!empty(focusHubBlobServiceUri))
    FocusHub__BlobServiceUri: focusHubBlobServiceUri
    FocusHub__ClientId: identityClientId
    Sources__csv__Enabled: string(contains(enabledSources, 'csv'))
    // The azure source signs in with the app's identity (no token); Sources__azure__Subscriptions comes in sourceSettings.
    Sources__azure__Enabled: string(contains(enabledSources, 'azure'))
    Sources__azure__IdentityClientId: identityClientId
  }, vendorSettings, sourceSettings)
}

output name string = app.name
output url string = 'https://${app.properties.defaultHostName}'
