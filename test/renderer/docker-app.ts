/**
 * The app in Chromium against the real core in web mode and the real Docker daemon, with images built
 * for the test by the one build every front end runs: its own config folder (so the dashboard lists only
 * this file's images), and everything it made removed by close().
 */
import path from 'node:path';
import type Docker from 'dockerode';
import type { Browser, Page } from 'playwright-core';
import { createCraneCore, type CraneCore } from '../../main/api/crane-core.ts';
import { buildImage, openBuildTarget } from '../../main/api/image-build.ts';
import { SettingsStore } from '../../main/api/settings.ts';
import { startWebServer, type WebServer } from '../../main/web/web-server.ts';
import { LOCAL_BASE, removeImage } from '../docker/require-docker.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { tempDir, type TempDir } from '../helpers/temp-dir.ts';

export interface DockerApp {
  core: CraneCore;
  server: WebServer;
  /** A page of the app at 1280x800 opened at `hash` (e.g. "#/containers"); page errors are collected. */
  open(hash: string): Promise<{ page: Page; errors: string[] }>;
  /**
   * Builds `project` as `tag`, recorded in this app's config folder: the build `craneml build` and the
   * app's build jobs run, here in this process (no CLI child to start for each image).
   */
  build(project: string, tag: string): Promise<void>;
  config: TempDir;
  close(): Promise<void>;
}

/** Starts the core, the web mode and Chromium; `name` names the config folder. */
export async function startDockerApp(docker: Docker, name: string): Promise<DockerApp> {
  const config = await tempDir(name);
  const previousConfig = process.env.CRANEML_CONFIG_DIR;
  // The core and the CLI's builds record and list images in this folder: the dashboard shows this file's only.
  process.env.CRANEML_CONFIG_DIR = config.path;
  const core = createCraneCore({ settings: new SettingsStore(config.path), projectsDir: path.join(config.path, 'projects') });
  const server = await startWebServer(core, 0);
  const browser: Browser = await launchChromium();
  const tags: string[] = [];
  return {
    core,
    server,
    config,
    async open(hash) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const url = new URL(server.url);
      url.hash = hash;
      await page.goto(url.toString());
      return { page, errors };
    },
    async build(project, tag) {
      tags.push(tag);
      await buildImage(docker, await openBuildTarget({ target: project }), { tag, baseImage: LOCAL_BASE });
    },
    async close() {
      await browser.close();
      await server.close();
      for (const tag of tags) {
        for (const container of await docker.listContainers({ all: true, filters: { ancestor: [tag] } }))
          await docker
            .getContainer(container.Id)
            .remove({ force: true })
            .catch(() => undefined);
        await removeImage(docker, tag);
      }
      if (previousConfig === undefined) delete process.env.CRANEML_CONFIG_DIR;
      else process.env.CRANEML_CONFIG_DIR = previousConfig;
      await config.remove();
    },
  };
}
