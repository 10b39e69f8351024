#!/usr/bin/env bash
# The test command of the README: builds everything with warnings as errors and runs every test project.
# Integration tests start their own Azurite (in memory, on free ports) and install it with npm ci if needed.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Serverless.sln -c Release --nologo -clp:ErrorsOnly
dotnet test Serverless.sln -c Release --no-build --nologo "$@"
