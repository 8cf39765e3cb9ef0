/** The app's settings file in the platform's user config folder: recent projects, kept across runs. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { userConfigDir } from '../files/user-config-dir.ts';

const MAX_RECENT = 10;

const settingsSchema = z.object({
  recentProjects: z.array(z.string()).default([]),
});
export type Settings = z.infer<typeof settingsSchema>;

export class SettingsStore {
  readonly file: string;

  constructor(dir = userConfigDir()) {
    this.file = path.join(dir, 'settings.json');
  }

  /** The settings; a missing or damaged file gives the defaults (the app must still open). */
  async read(): Promise<Settings> {
    try {
      const parsed = settingsSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data : settingsSchema.parse({});
    } catch {
      return settingsSchema.parse({});
    }
  }

  /** Puts `dir` first in the recent projects. */
  async rememberProject(dir: string): Promise<void> {
    const settings = await this.read();
    settings.recentProjects = [dir, ...settings.recentProjects.filter((d) => d !== dir)].slice(0, MAX_RECENT);
    await this.write(settings);
  }

  private async write(settings: Settings): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    // Written aside, then renamed: a crash mid-write never leaves a half file.
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(settings, null, 2) + '\n');
    await rename(temp, this.file);
  }
}
