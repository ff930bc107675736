<#
.SYNOPSIS
  Stops and removes the scheduled task install-task.ps1 registered. The data
  directory (database, secret.key, audit head, token) is left as it is.
#>
param([string] $TaskName = 'Argus Integration Gateway')
$ErrorActionPreference = 'Stop'
Stop-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue
Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false
Write-Host "Removed '$TaskName'. The data directory was left in place."
