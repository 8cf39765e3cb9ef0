/**
 * How another program runs the model server in its own process (`craneml serve`): the runtime
 * implements this, main/ loads it by path, so main/ never imports the runtime's modules.
 */

export interface EmbeddedServeOptions {
  project: string;
  port?: number;
  host: string;
  apiKey?: string;
  corsOrigins: string[];
  /** JSON log lines on stdout, as in the image. */
  log: boolean;
  /** The try-it page's folder (main/runtimes/try-page.ts), served at / unless the manifest says `server.page: false`. */
  pageDir?: string;
}

export interface EmbeddedServer {
  url: string;
  name: string;
  version: string;
}

export interface RuntimeEmbedModule {
  /** Starts the server, waits until the model is ready, and drains then exits on SIGTERM/SIGINT. */
  serveEmbedded(options: EmbeddedServeOptions): Promise<EmbeddedServer>;
}
