/** The platform's user config folder CraneML keeps its files in (settings, the images it built). */
import os from 'node:os';
import path from 'node:path';

/** ~/.config/craneml on Linux (XDG_CONFIG_HOME honoured), ~/Library/Application Support/CraneML on macOS, %APPDATA%\CraneML on Windows. */
export function userConfigDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = os.homedir()): string {
  if (env.CRANEML_CONFIG_DIR) return env.CRANEML_CONFIG_DIR;
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'CraneML');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'CraneML');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'craneml');
}
