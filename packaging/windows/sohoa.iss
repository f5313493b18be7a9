; Inno Setup 6 script for the SoHoa station (one-click, per-machine installer).
;
; Build (after `pyinstaller ... packaging/sohoa.spec`, from the repository root):
;   iscc /DAppVersion=0.1.0 packaging\windows\sohoa.iss        -> packaging\windows\Output\SoHoa-Setup-0.1.0.exe
; The Vietnamese pages need Vietnamese.isl beside this script: Inno Setup keeps it among its unofficial translations
; (jrsoftware/issrc, Files/Languages/Unofficial/Vietnamese.isl); .github/workflows/windows.yml fetches it at a pinned
; commit before compiling.
;
; Silent install for IT admins (all switches optional):
;   SoHoa-Setup-0.1.0.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /DIR="C:\SoHoa" /TASKS="desktopicon"
;       /LANG=vietnamese /LOG="C:\Temp\sohoa-install.log"
;       /CONFIG="\\server\share\settings.toml"   copy a prepared settings file to %ProgramData%\SoHoa\settings.toml
;                                                 and point SOHOA_CONFIG (machine environment) at it
;       /DATADIR="D:\SoHoaData"                  set SOHOA_DATA_DIR (machine environment) for every clerk account
; Upgrade: run a newer installer the same way; it replaces the program files in place and never touches the data
; folder or settings. Uninstall: keeps data and settings unless the admin answers Yes, or passes /REMOVEDATA to
; "unins000.exe /VERYSILENT /REMOVEDATA".

#define AppName "SoHoa"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\sohoa"
#endif

[Setup]
; The AppId never changes: upgrades find the installed copy through it.
AppId={{6F1C3B2A-9D4E-4C7B-8A51-3E2D9F0B7C64}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=SoHoa
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
UsePreviousTasks=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=Output
OutputBaseFilename=SoHoa-Setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
LanguageDetectionMethod=uilanguage
UninstallDisplayIcon={app}\sohoa.exe
UninstallDisplayName={#AppName} {#AppVersion}
CloseApplications=yes
RestartApplications=no
ChangesEnvironment=yes
SetupLogging=yes

[Languages]
Name: "vietnamese"; MessagesFile: "Vietnamese.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
vietnamese.SelfCheck=SoHoa - Tự kiểm tra máy trạm
english.SelfCheck=SoHoa - Workstation self-check
vietnamese.RemoveDataQuestion=Xóa luôn dữ liệu và cấu hình của SoHoa trên máy này?%n%nDữ liệu gồm ảnh quét hồ sơ (có thể chứa giấy tờ tùy thân) và hàng đợi gửi chưa hoàn tất. Chọn "Không" để giữ lại (khuyến nghị khi nâng cấp hoặc cài lại).
english.RemoveDataQuestion=Also delete SoHoa's data and settings on this computer?%n%nThe data holds scanned dossiers (possibly identity papers) and the unsent outbox. Choose "No" to keep them (recommended when upgrading or reinstalling).
vietnamese.LaunchApp=Mở SoHoa
english.LaunchApp=Start SoHoa

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; Upgrade in place: the previous bundle's files go, so no stale module outlives an upgrade. Data lives elsewhere.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{param:CONFIG}"; DestDir: "{commonappdata}\SoHoa"; DestName: "settings.toml"; Flags: external ignoreversion; Check: HasParam('CONFIG')

[Dirs]
Name: "{commonappdata}\SoHoa"; Check: HasParam('CONFIG')

[Registry]
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: string; ValueName: "SOHOA_CONFIG"; ValueData: "{commonappdata}\SoHoa\settings.toml"; Flags: uninsdeletevalue; Check: HasParam('CONFIG')
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: string; ValueName: "SOHOA_DATA_DIR"; ValueData: "{param:DATADIR}"; Flags: uninsdeletevalue; Check: HasParam('DATADIR')

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\sohoa.exe"; WorkingDir: "{app}"
Name: "{autoprograms}\{cm:SelfCheck}"; Filename: "{cmd}"; Parameters: "/k ""{app}\sohoa-cli.exe"" selfcheck"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\sohoa.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\sohoa.exe"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent runasoriginaluser

[Code]
function HasParam(Name: String): Boolean;
begin
  Result := ExpandConstant('{param:' + Name + '|}') <> '';
end;

function CmdLineHas(Switch: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), Switch) = 0 then
      Result := True;
end;

procedure RemoveData();
var
  DataDir: String;
begin
  DelTree(ExpandConstant('{commonappdata}\SoHoa'), True, True, True);
  DelTree(ExpandConstant('{localappdata}\SoHoa'), True, True, True);
  if RegQueryStringValue(HKLM, 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment', 'SOHOA_DATA_DIR', DataDir) then
    if (DataDir <> '') and DirExists(DataDir) then
      DelTree(DataDir, True, True, True);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  { Before the registry values go, so SOHOA_DATA_DIR can still be read. Data stays unless asked. }
  if CurUninstallStep = usUninstall then
  begin
    if CmdLineHas('/REMOVEDATA') then
      RemoveData()
    else if not UninstallSilent() then
      if MsgBox(CustomMessage('RemoveDataQuestion'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
        RemoveData();
  end;
end;
