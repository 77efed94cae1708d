import { createContext, useContext } from 'react';
import type { Client as WsClient } from 'graphql-ws';
import type { Credential } from '../api/credential.ts';
import type { Viewer } from '../api/viewer.ts';
import type { Abilities } from './permissions.ts';

/** The signed-in console: who, with what, and how to sign out. */
export interface Auth {
  readonly credential: Credential;
  readonly viewer: Viewer;
  readonly abilities: Abilities;
  /** The tab's one graphql-ws connection, for live views that manage their own subscription (use-event-feed.ts). */
  readonly live: WsClient;
  readonly signOut: () => Promise<void>;
}

export const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside a signed-in console');
  return auth;
}
