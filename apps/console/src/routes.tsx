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

const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));

const configures = (a: Abilities) => a.configure;

// Detail paths come before the list: the first matching route is the one shown.
export const PAGES: readonly Page[] = [
  { path: '/iams/new', component: page(() => import('./pages/iam-new-page.tsx'), 'IamNewPage'), visible: configures },
  { path: '/iams/:id', component: page(() => import('./pages/iam-page.tsx'), 'IamPage'), visible: anyone },
  { path: '/iams', nav: 'IAMs', component: page(() => import('./pages/iams-page.tsx'), 'IamsPage'), visible: anyone },
];
