/** Lists the controls on a page that have no accessible name, as Chromium computes names (CDP Accessibility tree). */
import type { Page } from 'playwright-core';

const CONTROL_ROLES = new Set([
  'button',
  'textbox',
  'checkbox',
  'radio',
  'combobox',
  'slider',
  'spinbutton',
  'link',
  'switch',
  'searchbox',
  'tab',
]);

interface AxNode {
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
  backendDOMNodeId?: number;
}

export interface ControlName {
  role: string;
  name: string;
}

/** Every visible control with its computed role and accessible name. */
export async function controlNames(page: Page): Promise<ControlName[]> {
  const session = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await session.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    return nodes
      .filter((node) => !node.ignored && node.role && CONTROL_ROLES.has(node.role.value))
      .map((node) => ({ role: node.role!.value, name: (node.name?.value ?? '').trim() }));
  } finally {
    await session.detach();
  }
}

/** How many form controls the DOM holds in view (to check the accessibility tree saw them all). */
export async function domControlCount(page: Page): Promise<number> {
  return page
    .locator('button, input, select, textarea, a[href]')
    .evaluateAll((elements) => elements.filter((el) => (el as HTMLElement).offsetParent !== null || el.getClientRects().length > 0).length);
}
