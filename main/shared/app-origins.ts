/**
 * The pages of the app itself: the Electron window's custom protocol and the web mode on loopback
 * (any port). Containers the app runs let these read their answers (CORS), so the draw window
 * calls a container exactly as an outside client does.
 */
export const ELECTRON_ORIGIN = 'app://craneml';
export const APP_ORIGINS: readonly string[] = [ELECTRON_ORIGIN, 'http://127.0.0.1:*', 'http://localhost:*'];
