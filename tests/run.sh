#!/usr/bin/env bash
# Installs what the tests need on a fresh machine, then builds and runs every test in the solution.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (https://dotnet.microsoft.com/download)." >&2
  exit 1
fi

# The Evidence Console tests drive Debian's Chromium (never a browser downloaded by Playwright).
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

dotnet test Cavra.sln --configuration Release --blame-hang-timeout 10m --logger "console;verbosity=minimal"
