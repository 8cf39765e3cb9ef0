/** What every table and panel of the Containers dashboard shares, given once by the dashboard instead of handed down row by row. */
import { createContext, useContext } from 'react';
import type { DeploymentStatus } from '../../../main/shared/crane-api.ts';

export interface DashboardShared {
  /** Where exports go unless the user picks another path. */
  projectsDir: string;
  /** The deployments listed now: a deploy of the same name updates one. */
  deployments: readonly DeploymentStatus[];
  /** Lists Docker's state again (after an action, or a container started). */
  refresh: () => void;
  /** Opens the Test window on a container. */
  onTest: (container: string) => void;
}

export const DashboardContext = createContext<DashboardShared | null>(null);

/** @example const { refresh } = useDashboard(); */
export function useDashboard(): DashboardShared {
  const shared = useContext(DashboardContext);
  if (!shared) throw new Error('useDashboard is called outside the Containers dashboard.');
  return shared;
}
