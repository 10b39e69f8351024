#!/usr/bin/env bash
# Sets up the multi-tenant app registration Seatwise reads registry tenants with (docs/multi-tenant.md): a
# registration in your own tenant that any organization can consent to, asking for the Graph application roles
# Seatwise reads with, and a federated credential that trusts the deployment's managed identity, so the app
# gets tokens for each customer tenant with no secret anywhere. Then it prints each tenant's admin-consent URL.
#
# Usage: setup-multi-tenant-app.sh [--principal-id ID] [--app-id ID] [--consent-for ENTRA_TENANT_ID ...] [--dry-run]
#   --principal-id  the managed identity's object id (default: azd env value SEATWISE_IDENTITY_PRINCIPAL_ID)
#   --app-id        use this existing registration instead of creating "Seatwise (multi-tenant)"
#   --consent-for   print the admin-consent URL for this customer tenant (repeatable); a Global
#                   Administrator of that tenant opens it and accepts
#   --dry-run       print what would be done, change nothing
# Set the printed app id as infra parameter multiTenantAppClientId (app setting Graph__AppClientId).
set -euo pipefail

principal_id=""
app_id=""
dry_run=false
consent_for=()
while [ $# -gt 0 ]; do
  case "$1" in
    --principal-id) principal_id="${2:-}"; shift 2 ;;
    --app-id) app_id="${2:-}"; shift 2 ;;
    --consent-for) consent_for+=("${2:-}"); shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "setup-multi-tenant-app: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

consent_url() { echo "https://login.microsoftonline.com/$1/adminconsent?client_id=$2"; }

if [ -n "$app_id" ] && [ ${#consent_for[@]} -gt 0 ] && ! command -v az >/dev/null 2>&1; then
  # Printing consent URLs needs nothing but the ids.
  for tenant in "${consent_for[@]}"; do consent_url "$tenant" "$app_id"; done
  exit 0
fi

if ! command -v az >/dev/null 2>&1; then
  echo "setup-multi-tenant-app: the Azure CLI (az) is required" >&2
  exit 1
fi
if [ -z "$principal_id" ] && command -v azd >/dev/null 2>&1; then
  principal_id=$(azd env get-value SEATWISE_IDENTITY_PRINCIPAL_ID 2>/dev/null || true)
fi
if [ -z "$principal_id" ]; then
  echo "setup-multi-tenant-app: give --principal-id (the output SEATWISE_IDENTITY_PRINCIPAL_ID of azd up)" >&2
  exit 2
fi

home_tenant=$(az account show --query tenantId -o tsv)
graph_app_id=00000003-0000-0000-c000-000000000000
# The same read roles grant-graph-permissions.sh gives the identity in its own tenant (reclaim stays there).
roles=(User.Read.All AuditLog.Read.All Organization.Read.All Application.Read.All Reports.Read.All)
access=""
for role in "${roles[@]}"; do
  role_id=$(az ad sp show --id "$graph_app_id" --query "appRoles[?value=='$role' && contains(allowedMemberTypes, 'Application')].id | [0]" -o tsv)
  access+="${access:+,}{\"id\":\"$role_id\",\"type\":\"Role\"}"
done
required="[{\"resourceAppId\":\"$graph_app_id\",\"resourceAccess\":[$access]}]"

if [ -z "$app_id" ]; then
  if $dry_run; then
    echo "+ would create app registration 'Seatwise (multi-tenant)' (AzureADMultipleOrgs) asking for ${roles[*]}"
    app_id="<new app id>"
  else
    app_id=$(az ad app create --display-name "Seatwise (multi-tenant)" --sign-in-audience AzureADMultipleOrgs \
      --required-resource-accesses "$required" --query appId -o tsv)
    echo "+ created app registration $app_id"
  fi
fi

# The federated credential: tokens the managed identity gets for api://AzureADTokenExchange are this app's
# client assertion (issuer: our tenant's v2.0 endpoint; subject: the identity's object id).
credential="{\"name\":\"seatwise-managed-identity\",\"issuer\":\"https://login.microsoftonline.com/$home_tenant/v2.0\",\"subject\":\"$principal_id\",\"audiences\":[\"api://AzureADTokenExchange\"],\"description\":\"Seatwise reads registry tenants as this app with its managed identity\"}"
if $dry_run; then
  echo "+ would add federated credential: $credential"
else
  existing=$(az ad app federated-credential list --id "$app_id" --query "[?subject=='$principal_id'].name | [0]" -o tsv)
  if [ -n "$existing" ]; then
    echo "= federated credential for the identity already exists ($existing)"
  else
    az ad app federated-credential create --id "$app_id" --parameters "$credential" >/dev/null
    echo "+ federated credential trusts identity $principal_id"
  fi
fi

echo "Set infra parameter multiTenantAppClientId=$app_id (app setting Graph__AppClientId), then register each tenant (docs/multi-tenant.md)."
for tenant in "${consent_for[@]}"; do
  echo "Admin consent for $tenant: $(consent_url "$tenant" "$app_id")"
done
