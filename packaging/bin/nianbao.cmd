@echo off
rem "nianbao" command of the installed desk (Windows). Runs the bundled CLI with the app's own
rem Electron as Node, so no Node.js is needed. Put this folder on PATH to type "nianbao" anywhere:
rem   %LOCALAPPDATA%\Programs\nianbao\resources\bin
rem Set NIANBAO_NODE to a node.exe (20.19 or later) to run it with that Node instead.
setlocal
set "RES=%~dp0.."
set "APP=%RES%\app.asar"
if exist "%RES%\app\package.json" set "APP=%RES%\app"
if defined NIANBAO_NODE (
  "%NIANBAO_NODE%" "%APP%\out\cli\nianbao.mjs" %*
) else (
  set "ELECTRON_RUN_AS_NODE=1"
  "%RES%\..\nianbao.exe" "%APP%\out\cli\nianbao.mjs" %*
)
exit /b %ERRORLEVEL%
