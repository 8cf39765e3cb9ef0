/** The main window's size and position, kept between runs in the user data folder. */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

export const DEFAULT_BOUNDS = { width: 1200, height: 820 };
const MIN = { width: 800, height: 560 };

const stateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(MIN.width).max(20_000),
  height: z.number().int().min(MIN.height).max(20_000),
  maximized: z.boolean().optional(),
});
export type WindowState = z.infer<typeof stateSchema>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The saved state, or the default size when there is none or it is unreadable. */
export function readWindowState(file: string): WindowState {
  try {
    return stateSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return { ...DEFAULT_BOUNDS };
  }
}

/**
 * The saved position only if the window's title bar would be on one of today's displays (a
 * monitor may have been unplugged); otherwise the system places it.
 * @example onScreen({ x: 5000, y: 0, width: 1200, height: 820 }, [{ x: 0, y: 0, width: 1920, height: 1080 }]) // no x, y
 */
export function onScreen(state: WindowState, workAreas: readonly Rect[]): WindowState {
  const { x, y } = state;
  if (x === undefined || y === undefined) return state;
  const visible = workAreas.some((a) => x + 100 > a.x && x < a.x + a.width && y >= a.y && y < a.y + a.height - 40);
  return visible ? state : { width: state.width, height: state.height, maximized: state.maximized };
}

export function writeWindowState(file: string, bounds: Rect, maximized: boolean): void {
  const state = { ...bounds, width: Math.max(bounds.width, MIN.width), height: Math.max(bounds.height, MIN.height), maximized };
  try {
    writeFileSync(file, JSON.stringify(state) + '\n');
  } catch {
    // not being able to remember the size is no reason to fail closing the window
  }
}

export const MIN_SIZE = MIN;
