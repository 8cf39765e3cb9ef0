/**
 * A stand-in for the `electron` module (Electron's binary cannot run here), the way Electron
 * Fiddle tests its main process: plain objects that record what the shell asked for. Tests use it
 * with `vi.mock('electron', () => import('./fake-electron.ts'))` and reset it with `resetFake()`.
 */
import { EventEmitter } from 'node:events';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

/** An event whose preventDefault is observable. */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler?: (details: { url: string }) => { action: 'allow' | 'deny' };
  reloads = 0;
  private destroyed = false;
  readonly mainFrame = { url: 'app://craneml/index.html', parent: null };

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  /** What the page answers to main's executeJavaScript (the smoke test asks the bridge). */
  scriptAnswer: unknown = undefined;
  async executeJavaScript(_code: string): Promise<unknown> {
    return this.scriptAnswer;
  }
  reload(): void {
    this.reloads += 1;
    this.emit('did-navigate', new FakeEvent(), this.mainFrame.url);
  }
  /** Fires an event the way Chromium would and says whether the shell prevented it. */
  fire(name: string, ...args: unknown[]): FakeEvent {
    const event = new FakeEvent();
    this.emit(name, event, ...args);
    return event;
  }
}

export class BrowserWindow extends EventEmitter {
  static get created(): BrowserWindow[] {
    return share('created', (): BrowserWindow[] => []);
  }
  readonly webContents = new FakeWebContents();
  loadedUrl?: string;
  maximized = false;
  shown = false;
  bounds: { x: number; y: number; width: number; height: number };

  constructor(readonly options: Record<string, unknown>) {
    super();
    this.bounds = {
      x: (options.x as number | undefined) ?? 0,
      y: (options.y as number | undefined) ?? 0,
      width: options.width as number,
      height: options.height as number,
    };
    BrowserWindow.created.push(this);
    app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
  }
  show(): void {
    this.shown = true;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return this.bounds;
  }
  close(): void {
    this.emit('close', new FakeEvent());
    this.emit('closed');
    this.webContents.destroy();
  }
}

class FakeApp extends EventEmitter {
  lock = true;
  quitCalls = 0;
  userData = '/tmp/craneml-fake-user-data';
  requestSingleInstanceLock(): boolean {
    return this.lock;
  }
  quit(): void {
    this.quitCalls += 1;
  }
  exitCode?: number;
  exit(code = 0): void {
    this.exitCode = code;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getPath(_name: string): string {
    return this.userData;
  }
}
/**
 * One state for every copy of this module: vitest may hand the code under test another module
 * instance than the test imported (after vi.resetModules), and both must see the same fake.
 */
const KEY = Symbol.for('craneml.fake-electron');
function share<T>(name: string, make: () => T): T {
  const store = globalThis as typeof globalThis & { [KEY]?: Record<string, unknown> };
  const all = (store[KEY] ??= {});
  return (all[name] ??= make()) as T;
}

class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: (event: never, ...args: never[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler as Handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Calls a handler as a page would: `sender` is the page, `frameUrl` where its frame was loaded from. */
  invoke(channel: string, sender: FakeWebContents, arg: unknown, frame: { url: string; parent: unknown } = sender.mainFrame): unknown {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender, senderFrame: frame }, arg);
  }
}
export const app = share('app', () => new FakeApp());
export const ipcMain = share('ipcMain', () => new FakeIpcMain());

class FakeSession {
  permissionRequest?: (
    contents: unknown,
    permission: string,
    callback: (granted: boolean) => void,
    details: { requestingUrl: string },
  ) => void;
  permissionCheck?: (contents: unknown, permission: string, origin: string) => boolean;
  devicePermission?: () => boolean;
  readonly protocolHandlers = new Map<string, (request: { url: string; method: string }) => Promise<Response>>();
  readonly protocol = {
    handle: (scheme: string, handler: (request: { url: string; method: string }) => Promise<Response>) =>
      this.protocolHandlers.set(scheme, handler),
  };
  setPermissionRequestHandler(handler: FakeSession['permissionRequest']): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheck']): void {
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler(handler: () => boolean): void {
    this.devicePermission = handler;
  }
}
export const session = share('session', () => ({ defaultSession: new FakeSession() }));

export const protocol = share('protocol', () => ({
  privileged: [] as unknown[],
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes);
  },
}));

export const shell = share('shell', () => ({
  opened: [] as string[],
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  },
}));

export const dialog = share('dialog', () => ({
  errors: [] as string[],
  showErrorBox(title: string, content: string): void {
    this.errors.push(`${title}: ${content}`);
  },
  async showOpenDialog(): Promise<{ canceled: boolean; filePaths: string[] }> {
    return { canceled: true, filePaths: [] };
  },
}));

export const Menu = share('Menu', () => ({
  current: undefined as unknown,
  buildFromTemplate: (template: unknown) => template,
  setApplicationMenu(menu: unknown): void {
    this.current = menu;
  },
}));

export const screen = share('screen', () => ({
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
}));

export const contextBridge = share('contextBridge', () => ({
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    if (this.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    this.exposed.set(key, api);
  },
}));

/** The preload's ipcRenderer: records invocations; answers nothing unless a test sets `answer`. */
export const ipcRenderer = share('ipcRenderer', () => ({
  invoked: [] as { channel: string; args: unknown[] }[],
  listeners: new Map<string, Handler>(),
  answer: async (_channel: string, ..._args: unknown[]): Promise<unknown> => ({ result: null }),
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.answer(channel, ...args);
  },
  on(channel: string, listener: Handler): void {
    this.listeners.set(channel, listener);
  },
}));

/**
 * webUtils.getPathForFile: Electron knows the path of a File the user dropped or picked and answers ''
 * for one made by script. Here a test says which Files came from disk with `dropped(file, path)`.
 */
export const webUtils = share('webUtils', () => {
  const paths = new WeakMap<object, string>();
  return {
    dropped(file: File, path: string): File {
      paths.set(file, path);
      return file;
    },
    getPathForFile(file: File): string {
      return paths.get(file) ?? '';
    },
  };
});

/** Back to a fresh state between tests. */
export function resetFake(): void {
  BrowserWindow.created.length = 0;
  app.removeAllListeners();
  app.lock = true;
  app.quitCalls = 0;
  app.exitCode = undefined;
  ipcMain.handlers.clear();
  session.defaultSession = new FakeSession();
  protocol.privileged.length = 0;
  shell.opened.length = 0;
  dialog.errors.length = 0;
  Menu.current = undefined;
  contextBridge.exposed.clear();
  ipcRenderer.invoked.length = 0;
  ipcRenderer.listeners.clear();
}

export default { app, BrowserWindow, ipcMain, session, protocol, shell, dialog, Menu, screen, contextBridge, ipcRenderer, webUtils };
