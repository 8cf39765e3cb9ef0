/** The container the try-it controls call and what its /metadata says: given once by TryPanel to every control below it. */
import { createContext, useContext } from 'react';
import type { Metadata } from '../../../main/shared/http-contract.ts';
import type { ContainerTarget } from './container-client.ts';

export interface TryTarget {
  target: ContainerTarget;
  /** The container's /metadata (its limits refuse a body too large before it is sent); null when it could not be read. */
  metadata: Metadata | null;
}

export const TryTargetContext = createContext<TryTarget | null>(null);

/** @example const { target, metadata } = useTryTarget(); */
export function useTryTarget(): TryTarget {
  const shared = useContext(TryTargetContext);
  if (!shared) throw new Error('useTryTarget is called outside a TryPanel.');
  return shared;
}
