/** What the contract's cases share: the fixture, its expectations and the two servers serving it. */
import type { Expectations } from './expectations-schema.ts';

export interface ContractFixture {
  /** The project folder's name. */
  name: string;
  project: string;
  expectations: Expectations;
}

export interface ContractServer {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** Stops the server and removes what starting it made. */
  stop(): Promise<void>;
}

/** Filled in the suite's beforeAll; cases read it inside their tests only. */
export interface ContractContext {
  fixture: ContractFixture;
  expectations: Expectations;
  /** A server with no API key and no CORS origins. */
  url: string;
  /** The same fixture served with CRANEML_API_KEY=API_KEY and CRANEML_CORS_ORIGINS=CORS_ORIGIN. */
  guardedUrl: string;
}

export const API_KEY = 'contract-key-7f3a';
export const CORS_ORIGIN = 'https://app.example';
