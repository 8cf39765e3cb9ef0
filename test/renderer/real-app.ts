/** The app in Chromium against the real core in web mode, with a config folder of its own; close() removes what it made. */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createCraneCore, type CraneCore } from '../../main/api/crane-core.ts';
import { SettingsStore } from '../../main/api/settings.ts';
import { startWebServer, type WebServer } from '../../main/web/web-server.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { tempDir, type TempDir } from '../helpers/temp-dir.ts';

export interface RealApp {
  core: CraneCore;
  server: WebServer;
  browser: Browser;
  config: TempDir;
  /** Closes Chromium and the web mode (which closes the core: its staging folders go), then removes the config folder. */
  close(): Promise<void>;
}

/** Starts the core (projects under the config folder), the web mode on a free port and Chromium; `name` names the config folder. */
export async function startRealApp(name: string): Promise<RealApp> {
  const config = await tempDir(name);
  const core = createCraneCore({ settings: new SettingsStore(config.path), projectsDir: path.join(config.path, 'projects') });
  const server = await startWebServer(core, 0);
  const browser = await launchChromium();
  return {
    core,
    server,
    browser,
    config,
    async close() {
      await browser.close();
      await server.close();
      await config.remove();
    },
  };
}
