/** Where renderer tests leave their screenshots for people to look at: inside the checkout's ignored test-artifacts/, made on load. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const SCREENS = path.resolve('test-artifacts/screens');
mkdirSync(SCREENS, { recursive: true });
