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

// Each page's code is fetched once: on first render, or earlier by preloadPageAt.
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => {
  let loading: Promise<Record<K, ComponentType>> | undefined;
  const get = () => (loading ??= load());
  return Object.assign(
    lazy(async () => ({ default: (await get())[name] })),
    { preload: get },
  );
};

const configures = (a: Abilities) => a.configure;

// Detail paths come before the list: the first matching route is the one shown.
export const PAGES: readonly Page[] = [
  { path: '/iams/new', component: page(() => import('./pages/iam-new-page.tsx'), 'IamNewPage'), visible: configures },
  { path: '/iams/:id', component: page(() => import('./pages/iam-page.tsx'), 'IamPage'), visible: anyone },
  { path: '/iams', nav: 'IAMs', component: page(() => import('./pages/iams-page.tsx'), 'IamsPage'), visible: anyone },
  { path: '/users', nav: 'Users', component: page(() => import('./pages/identities/users-page.tsx'), 'UsersPage'), visible: anyone },
  {
    path: '/users/new',
    component: page(() => import('./pages/identities/user-create-page.tsx'), 'UserCreatePage'),
    visible: (a) => a.editIdentities,
  },
  { path: '/users/:id', component: page(() => import('./pages/identities/user-detail-page.tsx'), 'UserDetailPage'), visible: anyone },
  { path: '/groups', nav: 'Groups', component: page(() => import('./pages/identities/groups-page.tsx'), 'GroupsPage'), visible: anyone },
  { path: '/groups/:id', component: page(() => import('./pages/identities/group-detail-page.tsx'), 'GroupDetailPage'), visible: anyone },
  { path: '/events', nav: 'Events', component: page(() => import('./pages/events-page.tsx'), 'EventsPage'), visible: anyone },
  {
    path: '/api-tokens',
    nav: 'API tokens',
    component: page(() => import('./pages/api-tokens-page.tsx'), 'ApiTokensPage'),
    visible: configures,
  },
  { path: '/webhooks', nav: 'Webhooks', component: page(() => import('./pages/webhooks-page.tsx'), 'WebhooksPage'), visible: configures },
  { path: '/webhooks/:id', component: page(() => import('./pages/webhook-page.tsx'), 'WebhookPage'), visible: configures },
];

/**
 * Starts fetching the code of the page at `path` (under /console) now, so that it arrives while
 * sign-in is still being checked instead of after it.
 */
export function preloadPageAt(path: string): void {
  const match = PAGES.find((p) => new RegExp(`^${p.path.replace(/:[^/]+/g, '[^/]+')}/?$`).test(path));
  void (match?.component as { preload?: () => Promise<unknown> } | undefined)?.preload?.();
}
