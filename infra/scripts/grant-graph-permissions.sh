#!/usr/bin/env bash
# Grants Seatwise's managed identity the Microsoft Graph application roles it reads with (DESIGN.md 4.1).
# An Azure RBAC role cannot grant Graph permissions: this creates appRoleAssignments on the identity's service
# principal, which needs an admin (Privileged Role Administrator or Global Administrator) signed in to az.
#
# Usage: grant-graph-permissions.sh [--principal-id ID] [--reclaim] [--dry-run]
#   --principal-id  the identity's object id (default: azd env value SEATWISE_IDENTITY_PRINCIPAL_ID)
#   --reclaim       also grant LicenseAssignment.ReadWrite.All, which reclaim needs to remove licences
#                   (only when Reclaim__Enabled is switched on; docs/reclaim.md)
#   --notices       also grant Mail.Send, which reclaim notices need (Reclaim__NoticeDays > 0); limit it to
#                   the notice mailbox with an Exchange application access policy (docs/reclaim.md)
#   --dry-run       print what would be granted, change nothing
# Idempotent: roles already granted are reported and skipped. It grants only what the code reads with.
set -euo pipefail

principal_id=""
dry_run=false
reclaim=false
notices=false
while [ $# -gt 0 ]; do
  case "$1" in
    --principal-id) principal_id="${2:-}"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    --reclaim) reclaim=true; shift ;;
    --notices) notices=true; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "grant-graph-permissions: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if ! command -v az >/dev/null 2>&1; then
  echo "grant-graph-permissions: the Azure CLI (az) is required" >&2
  exit 1
fi

if [ -z "$principal_id" ] && command -v azd >/dev/null 2>&1; then
  principal_id=$(azd env get-value SEATWISE_IDENTITY_PRINCIPAL_ID 2>/dev/null || true)
fi
if [ -z "$principal_id" ]; then
  echo "grant-graph-permissions: give --principal-id (the output SEATWISE_IDENTITY_PRINCIPAL_ID of azd up)" >&2
  exit 2
fi

# Least privilege for what Seatwise reads: users and licences, sign-in activity, subscribed SKUs, enterprise apps,
# and the Microsoft 365 usage reports (active users per workload, Copilot usage).
roles=(User.Read.All AuditLog.Read.All Organization.Read.All Application.Read.All Reports.Read.All)
# Reclaim writes licence assignments; the least privileged role for assignLicense, granted only on request.
if $reclaim; then
  roles+=(LicenseAssignment.ReadWrite.All)
fi
if $notices; then
  roles+=(Mail.Send)
fi

graph_app_id=00000003-0000-0000-c000-000000000000
graph_sp=$(az ad sp show --id "$graph_app_id" --query id -o tsv)
existing=$(az rest --method GET \
  --url "https://graph.microsoft.com/v1.0/servicePrincipals/$principal_id/appRoleAssignments" \
  --query "value[?resourceId=='$graph_sp'].appRoleId" -o tsv)

for role in "${roles[@]}"; do
  # Resolve the app role id by its name on the Graph service principal rather than hard-coding it.
  role_id=$(az ad sp show --id "$graph_app_id" --query "appRoles[?value=='$role' && contains(allowedMemberTypes, 'Application')].id | [0]" -o tsv)
  if [ -z "$role_id" ]; then
    echo "  ! $role: not found on Microsoft Graph" >&2
    exit 1
  fi
  if grep -qx "$role_id" <<<"$existing"; then
    echo "  = $role already granted"
    continue
  fi
  if $dry_run; then
    echo "  + $role would be granted ($role_id)"
    continue
  fi
  az rest --method POST \
    --url "https://graph.microsoft.com/v1.0/servicePrincipals/$principal_id/appRoleAssignments" \
    --headers "Content-Type=application/json" \
    --body "{\"principalId\":\"$principal_id\",\"resourceId\":\"$graph_sp\",\"appRoleId\":\"$role_id\"}" >/dev/null
  echo "  + $role granted"
done

echo "Done. signInActivity also needs Entra ID P1 or P2 in the tenant; without it Seatwise marks activity unknown."
echo "A token the app already holds keeps its old roles until it expires (up to 24 hours): restart the app to use the new ones now."
