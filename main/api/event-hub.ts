/**
 * Event streams of the app: listeners by stream and key (a build job, a container). A stream with
 * a source (container logs, status polling) starts it for its first listener and stops it after its last.
 */
import type { EventName, EventPayloads } from '../shared/crane-api.ts';

type AnyListener = (event: unknown) => void;
/** Starts producing events for one key; returns the function that stops it. */
export type EventSource<K extends EventName> = (key: string, emit: (event: EventPayloads[K]) => void) => () => void;

export class EventHub {
  private readonly listeners = new Map<string, Set<AnyListener>>();
  private readonly running = new Map<string, () => void>();
  private readonly sources = new Map<EventName, EventSource<EventName>>();

  /** Events of `name` are produced on demand by `source` (one per key, while anyone listens). */
  source<K extends EventName>(name: K, source: EventSource<K>): void {
    this.sources.set(name, source as unknown as EventSource<EventName>);
  }

  emit<K extends EventName>(name: K, key: string, event: EventPayloads[K]): void {
    for (const listener of this.listeners.get(`${name}\0${key}`) ?? []) listener(event);
  }

  /** @example const stop = hub.subscribe('build', jobId, (event) => console.log(event)); */
  subscribe<K extends EventName>(name: K, key: string, listener: (event: EventPayloads[K]) => void): () => void {
    const id = `${name}\0${key}`;
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener as AnyListener);
    const source = this.sources.get(name);
    try {
      if (source && !this.running.has(id))
        this.running.set(
          id,
          source(key, (event) => this.emit(name, key, event as EventPayloads[K])),
        );
    } catch (error) {
      // A source that cannot start leaves no listener behind waiting for it.
      set.delete(listener as AnyListener);
      if (set.size === 0) this.listeners.delete(id);
      throw error;
    }
    return () => {
      set.delete(listener as AnyListener);
      if (set.size > 0) return;
      this.listeners.delete(id);
      this.running.get(id)?.();
      this.running.delete(id);
    };
  }

  /** How many listeners a stream has (tests check that closing a page stops its streams). */
  listenerCount(name: EventName, key: string): number {
    return this.listeners.get(`${name}\0${key}`)?.size ?? 0;
  }

  close(): void {
    for (const stop of this.running.values()) stop();
    this.running.clear();
    this.listeners.clear();
  }
}
