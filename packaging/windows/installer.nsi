; Sohoa's Windows installer: one file, for the current user, no administrator.
;
; makensis -DVERSION=0.1.0 -DEXE=path\to\sohoa.exe -DOUTFILE=Sohoa-0.1.0-setup.exe installer.nsi
; (packaging/windows/build.sh does this.)
;
; What it does: copies sohoa.exe to %LOCALAPPDATA%\Programs\Sohoa; adds Start-menu
; and desktop shortcuts; registers .sohoa files (a double-click opens the app's
; import preview of that file); lists Sohoa in "Apps & features" with its
; uninstaller. Everything goes in HKEY_CURRENT_USER. Installing a newer version
; over an older one replaces the program only. The data folder and the key
; (%APPDATA%\Sohoa) are never touched, by the installer or the uninstaller.

Unicode true
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!ifndef VERSION
  !error "makensis -DVERSION=x.y.z"
!endif
!ifndef EXE
  !error "makensis -DEXE=path/to/sohoa.exe"
!endif
!ifndef OUTFILE
  !define OUTFILE "Sohoa-${VERSION}-setup.exe"
!endif

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Sohoa"

Name "Sohoa ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Sohoa"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "Sohoa ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "Sohoa"
VIAddVersionKey /LANG=0 "FileDescription" "Sohoa ${VERSION} setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT licence"

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "..\..\assets\icon\sohoa.ico"
!define MUI_UNICON "..\..\assets\icon\sohoa.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\sohoa.exe"
!define MUI_LANGDLL_ALLLANGUAGES
; The language chosen at install is remembered, so the uninstaller and the next
; installer speak it without asking again.
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "Software\Sohoa\Installer"
!define MUI_LANGDLL_REGISTRY_VALUENAME "Language"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "$(DataKept_Title)"
!define MUI_FINISHPAGE_TEXT "$(DataKept_Text)"
!insertmacro MUI_UNPAGE_FINISH

; Vietnamese first: the installer opens in Vietnamese unless Windows is set to English.
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"

LangString DataKept_Title ${LANG_VIETNAMESE} "Dữ liệu của bạn vẫn được giữ"
LangString DataKept_Title ${LANG_ENGLISH} "Your data is kept"
LangString DataKept_Text ${LANG_VIETNAMESE} "Chương trình Sohoa đã được gỡ. Dữ liệu (hồ sơ doanh nghiệp, đánh giá, bản sao lưu) và khóa của máy này KHÔNG bị xóa; chúng nằm trong:$\r$\n$\r$\n$APPDATA\Sohoa$\r$\n$\r$\nCài lại Sohoa là dùng tiếp được. Muốn xóa hẳn, hãy xóa thư mục đó sau khi đã sao lưu."
LangString DataKept_Text ${LANG_ENGLISH} "Sohoa has been removed. Your data (enterprise profiles, assessments, backups) and this computer's key were NOT deleted; they are in:$\r$\n$\r$\n$APPDATA\Sohoa$\r$\n$\r$\nInstall Sohoa again to go on using them. To remove them for good, delete that folder once you have a copy."
LangString BundleType ${LANG_VIETNAMESE} "Gói dữ liệu Sohoa"
LangString BundleType ${LANG_ENGLISH} "Sohoa data bundle"

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "Sohoa" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; A running copy holds sohoa.exe open: ask to close it rather than fail half-way.
  retry:
  ClearErrors
  File "/oname=sohoa.exe" "${EXE}"
  IfErrors 0 copied
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "Sohoa đang mở. Hãy đóng Sohoa rồi bấm Thử lại.$\r$\nSohoa is running. Close it, then click Retry." /SD IDCANCEL IDRETRY retry
    Abort
  copied:
  File "/oname=LICENSE.txt" "..\..\LICENSE"
  File "/oname=OFL.txt" "..\..\assets\fonts\OFL.txt"

  CreateShortcut "$SMPROGRAMS\Sohoa.lnk" "$INSTDIR\sohoa.exe" "" "$INSTDIR\sohoa.exe" 0
  CreateShortcut "$DESKTOP\Sohoa.lnk" "$INSTDIR\sohoa.exe" "" "$INSTDIR\sohoa.exe" 0

  ; .sohoa files: a double-click opens the import preview of that file.
  WriteRegStr HKCU "Software\Classes\.sohoa" "" "Sohoa.Bundle"
  WriteRegStr HKCU "Software\Classes\.sohoa" "Content Type" "application/x-sohoa-bundle"
  WriteRegStr HKCU "Software\Classes\Sohoa.Bundle" "" "$(BundleType)"
  WriteRegStr HKCU "Software\Classes\Sohoa.Bundle\DefaultIcon" "" "$INSTDIR\sohoa.exe,0"
  WriteRegStr HKCU "Software\Classes\Sohoa.Bundle\shell\open\command" "" '"$INSTDIR\sohoa.exe" "%1"'
  ; Tell Explorer the associations changed (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "Sohoa"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Sohoa"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\sohoa.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  ; The program and its own files only: never $APPDATA\Sohoa (data and key).
  Delete "$INSTDIR\sohoa.exe"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\OFL.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Sohoa.lnk"
  Delete "$DESKTOP\Sohoa.lnk"
  ; The file type only if it is still ours.
  ReadRegStr $0 HKCU "Software\Classes\.sohoa" ""
  StrCmp $0 "Sohoa.Bundle" 0 +2
    DeleteRegKey HKCU "Software\Classes\.sohoa"
  DeleteRegKey HKCU "Software\Classes\Sohoa.Bundle"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\Sohoa\Installer"
  DeleteRegKey /ifempty HKCU "Software\Sohoa"
SectionEnd
