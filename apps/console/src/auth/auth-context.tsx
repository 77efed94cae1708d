import { createContext, useContext } from 'react';
import type { Credential } from '../api/credential.ts';
import type { Viewer } from '../api/viewer.ts';
import type { Abilities } from './permissions.ts';

/** The signed-in console: who, with what, and how to sign out. */
export interface Auth {
  readonly credential: Credential;
  readonly viewer: Viewer;
  readonly abilities: Abilities;
  readonly signOut: () => Promise<void>;
}

export const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside a signed-in console');
  return auth;
}
