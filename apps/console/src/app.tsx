import { useCallback, useEffect, useMemo, useState } from 'react';
import { Provider as UrqlProvider } from 'urql';
import { Router } from 'wouter';
import { createApiClient, createLiveClient } from './api/client.ts';
import { saveToken, savedToken, type Credential } from './api/credential.ts';
import type { ApiError } from './api/api-error.ts';
import { fetchViewer, type Viewer } from './api/viewer.ts';
import { AuthContext, type Auth } from './auth/auth-context.tsx';
import { abilitiesOf } from './auth/permissions.ts';
import { fetchLoginOptions, type LoginOption } from './auth/login-options.ts';
import { SignInPage } from './auth/sign-in-page.tsx';
import { Layout } from './layout.tsx';
import { Loading } from './components/states.tsx';

type State =
  | { readonly phase: 'checking' }
  | { readonly phase: 'signed-out'; readonly refusal: ApiError | null }
  | { readonly phase: 'signed-in'; readonly credential: Credential; readonly viewer: Viewer };

const NO_PERMISSION: ApiError = {
  code: 'FORBIDDEN',
  message: 'This account holds no Roster permission; ask an administrator for APPLICATION_ADMIN or USER_ADMIN.',
};

/** Who may use the console: anyone the API authenticates with at least one permission. */
async function signIn(credential: Credential): Promise<State> {
  const answer = await fetchViewer(credential);
  if ('error' in answer) return { phase: 'signed-out', refusal: answer.error };
  if (answer.viewer.permissions.length === 0) return { phase: 'signed-out', refusal: NO_PERMISSION };
  return { phase: 'signed-in', credential, viewer: answer.viewer };
}

/**
 * The console: a saved API token of this tab, else an SSO session cookie, else the sign-in page.
 */
export function App() {
  const [state, setState] = useState<State>({ phase: 'checking' });
  const [loginOptions, setLoginOptions] = useState<readonly LoginOption[]>([]);

  useEffect(() => {
    void (async () => {
      const token = savedToken();
      if (token !== null) {
        const withToken = await signIn({ kind: 'token', token });
        if (withToken.phase === 'signed-in') return setState(withToken);
        saveToken(null);
      }
      const options = await fetchLoginOptions();
      setLoginOptions(options?.iams ?? []);
      // Asked only when the browser has a session (or the SSO routes live elsewhere), so that
      // arriving signed out is not a refused request.
      if (options?.session === false) return setState({ phase: 'signed-out', refusal: null });
      const withSession = await signIn({ kind: 'session' });
      setState(
        withSession.phase === 'signed-out' && withSession.refusal?.code === 'UNAUTHENTICATED'
          ? { phase: 'signed-out', refusal: null }
          : withSession,
      );
    })();
  }, []);

  const onToken = useCallback(async (token: string) => {
    const next = await signIn({ kind: 'token', token });
    if (next.phase === 'signed-in') saveToken(token);
    setState(next);
  }, []);

  if (state.phase === 'checking') return <Loading label="Checking sign-in…" />;
  if (state.phase === 'signed-out') return <SignInPage onToken={onToken} refusal={state.refusal} options={loginOptions} />;
  return <SignedIn credential={state.credential} viewer={state.viewer} />;
}

function SignedIn({ credential, viewer }: { credential: Credential; viewer: Viewer }) {
  const live = useMemo(() => createLiveClient(credential), [credential]);
  const client = useMemo(() => createApiClient(credential, live), [credential, live]);
  useEffect(() => () => void live.dispose(), [live]);
  const auth = useMemo<Auth>(
    () => ({
      credential,
      viewer,
      abilities: abilitiesOf(viewer.permissions),
      live,
      signOut: async () => {
        saveToken(null);
        if (credential.kind === 'token') return window.location.assign('/console/');
        // A form POST, so that single logout can take the browser to the IdP and back.
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '/bim/logout?returnTo=/console/';
        document.body.append(form);
        form.submit();
      },
    }),
    [credential, viewer, live],
  );
  return (
    <AuthContext.Provider value={auth}>
      <UrqlProvider value={client}>
        <Router base="/console">
          <Layout />
        </Router>
      </UrqlProvider>
    </AuthContext.Provider>
  );
}
