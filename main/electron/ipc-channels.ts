/**
 * The IPC channels that carry CraneApi between the preload and the main process: one per call,
 * plus subscribe/unsubscribe and the delivery of events. Both sides import these names.
 */
import type { ApiErrorBody, CallName } from '../shared/crane-api.ts';

/** @example callChannel('dockerStatus') // 'craneml:call:dockerStatus' */
export const callChannel = (name: CallName): string => `craneml:call:${name}`;
export const SUBSCRIBE_CHANNEL = 'craneml:subscribe';
export const UNSUBSCRIBE_CHANNEL = 'craneml:unsubscribe';
/** main → renderer: `(subscriptionId, payload)`. */
export const EVENT_CHANNEL = 'craneml:event';

/** What every handler answers: the result, or the core's error code and one clear message. */
export type IpcAnswer<T = unknown> = { result: T } | { error: ApiErrorBody };

export interface SubscribeRequest {
  name: string;
  params: unknown;
  /** Chosen by the preload, unique within its page. */
  id: string;
}
