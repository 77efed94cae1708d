import { lazy, type ComponentType } from 'react';
import type { Abilities } from './auth/permissions.ts';

/** A page of the console: its path under /console, and who sees it. */
export interface Page {
  readonly path: string;
  /** Loaded when first visited, so the first page needs only its own code. */
  readonly component: ComponentType;
  /** In the navigation, with this label; absent for detail pages. */
  readonly nav?: string;
  readonly visible: (abilities: Abilities) => boolean;
}

const anyone = (a: Abilities) => a.read;
const admins = (a: Abilities) => a.configure;

const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));

export const PAGES: readonly Page[] = [
  { path: '/iams', nav: 'IAMs', component: page(() => import('./pages/iams-page.tsx'), 'IamsPage'), visible: anyone },
  { path: '/events', nav: 'Events', component: page(() => import('./pages/events-page.tsx'), 'EventsPage'), visible: anyone },
  {
    path: '/api-tokens',
    nav: 'API tokens',
    component: page(() => import('./pages/api-tokens-page.tsx'), 'ApiTokensPage'),
    visible: admins,
  },
  { path: '/webhooks', nav: 'Webhooks', component: page(() => import('./pages/webhooks-page.tsx'), 'WebhooksPage'), visible: admins },
  { path: '/webhooks/:id', component: page(() => import('./pages/webhook-page.tsx'), 'WebhookPage'), visible: admins },
];
