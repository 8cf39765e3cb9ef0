/** The application menu: File › Open model…, recent projects; Help › API docs of the running model. */
import type { MenuItemConstructorOptions } from 'electron';
import type { ProjectSummary } from '../shared/crane-api.ts';

export interface MenuActions {
  isMac: boolean;
  recent: readonly ProjectSummary[];
  /** The running model's /docs, when the app has run or described one. */
  docsUrl?: string;
  openModel(): void;
  openProject(dir: string): void;
  openDocs(url: string): void;
}

/** @example Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(actions))); */
export function menuTemplate(actions: MenuActions): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] = actions.recent.length
    ? actions.recent.map((p) => ({ label: `${p.name} ${p.version} — ${p.dir}`, click: () => actions.openProject(p.dir) }))
    : [{ label: 'No recent projects', enabled: false }];
  const docs = actions.docsUrl;
  return [
    ...(actions.isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open model…', accelerator: 'CmdOrCtrl+O', click: () => actions.openModel() },
        { label: 'Recent projects', submenu: recent },
        { type: 'separator' },
        actions.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: docs ? 'API docs of the running model' : 'API docs of the running model (run a model first)',
          enabled: docs !== undefined,
          click: () => docs && actions.openDocs(docs),
        },
      ],
    },
  ];
}
