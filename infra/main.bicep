// Seatwise in one resource group: Flex Consumption function app (.NET 10 isolated), storage with identity-only
// access, a user-assigned managed identity, Key Vault for secrets, Log Analytics + Application Insights.
// `azd up` deploys it; infra/scripts/grant-graph-permissions.sh then grants the identity its Graph roles.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used for resource names and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Azure region for every resource. Flex Consumption is not offered in every region: check with `az functionapp list-flexconsumption-locations -o table` (docs/deploy.md, step 0).')
param location string

@description('A label every stored key starts with (app setting Seatwise__TenantId); defaults to the deploying subscription\'s tenant id. It does not choose which Entra tenant is read: the managed identity always reads Graph in its own home tenant.')
param seatwiseTenantId string = ''

@description('Object id of the person or pipeline deploying; gets Key Vault Secrets Officer to set the Teams webhook and vendor tokens. Empty to skip.')
param deployerPrincipalId string = ''

@description('What deployerPrincipalId is: User for a person, ServicePrincipal for a pipeline (azd sets AZURE_PRINCIPAL_TYPE). A wrong type fails the role assignment with UnmatchedPrincipalType.')
@allowed([ 'User', 'ServicePrincipal', 'Group' ])
param deployerPrincipalType string = 'User'

@description('Largest number of instances Flex Consumption may scale out to (the plan accepts 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance in MB.')
@allowed([ 512, 2048, 4096 ])
param instanceMemoryMB int = 2048

@description('NCRONTAB (with seconds) of the nightly sync.')
param syncSchedule string = '0 0 2 * * *'

@description('NCRONTAB (with seconds) of the weekly digest.')
param digestSchedule string = '0 0 8 * * 1'

@description('Browser origins allowed to call the API, e.g. [\'https://grafana.contoso.com\']; empty allows none.')
param corsAllowedOrigins array = []

@description('Sources a run collects besides graph: any of csv, github, slack, zoom, atlassian, salesforce, azure. Vendor tokens go into Key Vault as secrets <name>-token.')
param enabledSources array = []

@description('Name of an existing Service Bus namespace in eventsResourceGroup for integration events (docs/alerts.md); empty sends none. The app identity gets Azure Service Bus Data Sender on it.')
param eventsNamespace string = ''

@description('Resource group of eventsNamespace; empty means the resource group Seatwise is deployed to.')
param eventsResourceGroup string = ''

@description('Blob endpoint of a FinOps hub storage account (https://<account>.blob.core.windows.net) that receives each run\'s month in FOCUS 1.2 (docs/finops.md); empty exports none. Grant the app identity Storage Blob Data Contributor on that account (docs/deploy.md).')
param focusHubBlobServiceUri string = ''

@description('Switch reclaim on: approved plans may remove licences and seats (docs/reclaim.md). Off by default; also run infra/scripts/grant-graph-permissions.sh --reclaim for LicenseAssignment.ReadWrite.All.')
param reclaimEnabled bool = false

@description('Many tenants: the client id of the multi-tenant app registration consented in each registry tenant (docs/multi-tenant.md); it trusts this deployment\'s identity through a federated credential. Empty: the default tenant only.')
param multiTenantAppClientId string = ''

@description('Many tenants: at most this many runs (of all tenants) at once; 0: no limit. docs/multi-tenant.md sizes it.')
param maxConcurrentTenants int = 0

@description('Further source settings, e.g. {\'Sources__github__Organization\': \'contoso\', \'Sources__salesforce__BaseUrl\': \'https://contoso.my.salesforce.com\'}.')
param sourceSettings object = {}

var abbrs = loadJsonContent('abbreviations.json')
var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, application: 'seatwise' }
var appName = '${abbrs.functionApp}${token}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourceGroup}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  scope: rg
  name: 'identity'
  params: {
    name: '${abbrs.managedIdentity}${token}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  scope: rg
  name: 'storage'
  params: {
    name: '${abbrs.storageAccount}${token}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package-${take(appName, 32)}'
    principalId: identity.outputs.principalId
  }
}

module monitoring 'app/monitoring.bicep' = {
  scope: rg
  name: 'monitoring'
  params: {
    logAnalyticsName: '${abbrs.logAnalytics}${token}'
    applicationInsightsName: '${abbrs.applicationInsights}${token}'
    location: location
    tags: tags
    principalId: identity.outputs.principalId
  }
}

module keyVault 'app/keyvault.bicep' = {
  scope: rg
  name: 'keyvault'
  params: {
    name: '${abbrs.keyVault}${token}'
    location: location
    tags: tags
    principalId: identity.outputs.principalId
    deployerPrincipalId: deployerPrincipalId
    deployerPrincipalType: deployerPrincipalType
  }
}

module events 'app/events.bicep' = if (!empty(eventsNamespace)) {
  scope: resourceGroup(empty(eventsResourceGroup) ? rg.name : eventsResourceGroup)
  name: 'events'
  params: {
    namespaceName: eventsNamespace
    principalId: identity.outputs.principalId
  }
}

module api 'app/functionapp.bicep' = {
  scope: rg
  name: 'api'
  params: {
    name: appName
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    planName: '${abbrs.appServicePlan}${token}'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    keyVaultUri: keyVault.outputs.uri
    seatwiseTenantId: empty(seatwiseTenantId) ? tenant().tenantId : seatwiseTenantId
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    syncSchedule: syncSchedule
    digestSchedule: digestSchedule
    corsAllowedOrigins: corsAllowedOrigins
    enabledSources: enabledSources
    sourceSettings: sourceSettings
    eventsNamespaceHost: empty(eventsNamespace) ? '' : '${eventsNamespace}.servicebus.windows.net'
    focusHubBlobServiceUri: focusHubBlobServiceUri
    reclaimEnabled: reclaimEnabled
    multiTenantAppClientId: multiTenantAppClientId
    maxConcurrentTenants: maxConcurrentTenants
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_FUNCTION_URL string = api.outputs.url
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output SEATWISE_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output SEATWISE_IDENTITY_CLIENT_ID string = identity.outputs.clientId
