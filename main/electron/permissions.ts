/**
 * Permission requests are denied: the app needs no camera, microphone, location, notifications,
 * devices or MIDI. The one exception is writing to the clipboard from the app's own page (the
 * copy buttons beside the curl, Python and JavaScript examples).
 */
import type { Session } from 'electron';
import { ELECTRON_ORIGIN } from '../shared/app-origins.ts';

const CLIPBOARD_WRITE = 'clipboard-sanitized-write';

function fromApp(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === ELECTRON_ORIGIN;
  } catch {
    return false;
  }
}

/** Whether a permission is granted: only clipboard writes by the app's own page. */
export function permits(permission: string, requestingUrl: string | undefined): boolean {
  return permission === CLIPBOARD_WRITE && fromApp(requestingUrl);
}

/** @example denyPermissions(session.defaultSession); */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(permits(permission, details.requestingUrl)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permits(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
}
