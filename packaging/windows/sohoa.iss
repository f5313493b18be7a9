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
;       /DATAGROUP="UBND-H22\SoHoa Stations"    the group whose members (the clerks' accounts) may read the data
;                                                 folder; without it a /DATADIR install creates the local group
;                                                 "SoHoa Stations". Either way SOHOA_DATA_GROUP (machine environment)
;                                                 names it, so the station's ACL (app/core/winacl.py) grants the group,
;                                                 and the installer gives /DATADIR that ACL at once
;       /DATAUSERS="canbo1,canbo2"               accounts added to that group (later: net localgroup "SoHoa Stations"
;                                                 <account> /add)
; Upgrade: run a newer installer the same way; it replaces the program files in place and never touches the data
; folder or settings. Uninstall: keeps data and settings unless the admin answers Yes, or passes /REMOVEDATA to
; "unins000.exe /VERYSILENT /REMOVEDATA".

#define AppName "SoHoa"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
; The local group a shared data folder belongs to; app/core/winacl.py DEFAULT_GROUP names the same.
#define DataGroupDefault "SoHoa Stations"
; The data folder's ACL, as app/core/winacl.py acl_command gives it: inheritance cut, full control for the group and
; SYSTEM (by SID), inherited by every file and folder created inside.
#define SystemSid "*S-1-5-18"
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
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: string; ValueName: "SOHOA_DATA_GROUP"; ValueData: "{code:DataGroup}"; Flags: uninsdeletevalue; Check: NeedsDataGroup

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

function DataGroup(Param: String): String;
begin
  { The group named with /DATAGROUP, else the local group a shared data folder (/DATADIR) gets; '' for none. }
  Result := ExpandConstant('{param:DATAGROUP|}');
  if (Result = '') and HasParam('DATADIR') then
    Result := '{#DataGroupDefault}';
end;

function NeedsDataGroup(): Boolean;
begin
  Result := DataGroup('') <> '';
end;

function RunLogged(Program, Params: String): Integer;
var
  Code: Integer;
begin
  if not Exec(Program, Params, '', SW_HIDE, ewWaitUntilTerminated, Code) then
    Code := -1;
  Log(Format('%s %s -> %d', [Program, Params, Code]));
  Result := Code;
end;

procedure SetUpDataGroup();
var
  Group, Users, User, DataDir: String;
  Comma: Integer;
begin
  Group := DataGroup('');
  if Group = '' then
    Exit;
  if not HasParam('DATAGROUP') then
  begin
    { The installer's own local group: created once (net answers 2 when it exists already), removed with /REMOVEDATA. }
    if RunLogged(ExpandConstant('{sys}\net.exe'), 'localgroup "' + Group + '" /add /comment:"SoHoa: may read the station data folder"') = 0 then
      RegWriteStringValue(HKLM, 'Software\SoHoa', 'CreatedDataGroup', Group);
  end;
  Users := ExpandConstant('{param:DATAUSERS|}');
  while Users <> '' do
  begin
    Comma := Pos(',', Users);
    if Comma = 0 then Comma := Length(Users) + 1;
    User := Trim(Copy(Users, 1, Comma - 1));
    Delete(Users, 1, Comma);
    if User <> '' then
      RunLogged(ExpandConstant('{sys}\net.exe'), 'localgroup "' + Group + '" "' + User + '" /add');
  end;
  DataDir := ExpandConstant('{param:DATADIR|}');
  if DataDir <> '' then
  begin
    ForceDirectories(DataDir);
    if RunLogged(ExpandConstant('{sys}\icacls.exe'), '"' + DataDir + '" /inheritance:r /grant:r "' + Group + ':(OI)(CI)F" /grant:r {#SystemSid}:(OI)(CI)F') <> 0 then
      Log('icacls refused; the station sets the ACL when it first opens the folder');
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
    SetUpDataGroup();
end;

procedure RemoveData();
var
  DataDir, Group: String;
  Code: Integer;
begin
  DelTree(ExpandConstant('{commonappdata}\SoHoa'), True, True, True);
  DelTree(ExpandConstant('{localappdata}\SoHoa'), True, True, True);
  if RegQueryStringValue(HKLM, 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment', 'SOHOA_DATA_DIR', DataDir) then
    if (DataDir <> '') and DirExists(DataDir) then
      DelTree(DataDir, True, True, True);
  if RegQueryStringValue(HKLM, 'Software\SoHoa', 'CreatedDataGroup', Group) then
  begin
    Exec(ExpandConstant('{sys}\net.exe'), 'localgroup "' + Group + '" /delete', '', SW_HIDE, ewWaitUntilTerminated, Code);
    RegDeleteValue(HKLM, 'Software\SoHoa', 'CreatedDataGroup');
  end;
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
