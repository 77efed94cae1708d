import { Suspense } from 'react';
import { Button } from 'react-aria-components';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { useAuth } from './auth/auth-context.tsx';
import { PAGES } from './routes.tsx';
import { Empty, Loading } from './components/states.tsx';

/** The frame of every page: the navigation the viewer may use, who is signed in, the page. */
export function Layout() {
  const { viewer, abilities, signOut } = useAuth();
  const [location] = useLocation();
  const pages = PAGES.filter((page) => page.visible(abilities));
  const nav = pages.filter((page) => page.nav !== undefined);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Roster Console</span>
        <nav aria-label="Main">
          <ul>
            {nav.map((page) => (
              <li key={page.path}>
                <Link href={page.path} aria-current={location.startsWith(page.path) ? 'page' : undefined}>
                  {page.nav}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="viewer">
          <span title={viewer.permissions.join(', ')}>
            {viewer.user?.displayName ?? viewer.user?.userName ?? viewer.name ?? viewer.kind}
          </span>
          <Button className="react-aria-Button quiet" onPress={() => void signOut()}>
            Sign out
          </Button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Switch>
            {pages.map((page) => (
              <Route key={page.path} path={page.path} component={page.component} />
            ))}
            <Route path="/">{nav[0] ? <Redirect to={nav[0].path} replace /> : null}</Route>
            <Route>
              <Empty title="There is no such page.">
                <Link href="/">Back to the console</Link>
              </Empty>
            </Route>
          </Switch>
        </Suspense>
      </main>
    </div>
  );
}
