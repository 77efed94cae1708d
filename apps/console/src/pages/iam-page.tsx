import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useQuery } from 'urql';
import { Link, useParams } from 'wouter';
import { readFragment } from '../api/graphql.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { ErrorView } from '../components/error-view.tsx';
import { Empty, Loading } from '../components/states.tsx';
import { ConnectionPanel } from './iam/connection-panel.tsx';
import { DeleteIam } from './iam/delete-iam.tsx';
import { IamDetailFields, IamQuery } from './iam/iam-documents.ts';
import { ScimPanel } from './iam/scim-panel.tsx';
import { SettingsPanel } from './iam/settings-panel.tsx';
import { SyncPanel } from './iam/sync-panel.tsx';
import './iam/iam-pages.css';

const TYPE_LABELS = { BUILTIN: 'Built-in', LDAP: 'LDAP / AD', SAML: 'SAML', OIDC: 'OpenID Connect' } as const;

/** One IAM: its settings, what to enter at the IdP, tests, SCIM, directory sync, deletion. */
export function IamPage() {
  const { id = '' } = useParams<{ id: string }>();
  const { abilities } = useAuth();
  const [{ data, error, fetching }] = useQuery({ query: IamQuery, variables: { id } });
  if (error) return <ErrorView error={error} />;
  if (!data && fetching) return <Loading />;
  if (!data?.iam)
    return (
      <Empty title={`There is no IAM with the ID “${id}”.`}>
        <Link href="/iams">Back to the IAMs</Link>
      </Empty>
    );
  const iam = readFragment(IamDetailFields, data.iam);
  const external = iam.type !== 'BUILTIN';
  return (
    <section aria-labelledby="iam-heading">
      <div className="page-header">
        <div>
          <h1 id="iam-heading">{iam.displayName}</h1>
          <p className="muted iam-subtitle">
            {TYPE_LABELS[iam.type]} · ID <code>{iam.id}</code> ·{' '}
            <span className={iam.enabled ? 'badge ok' : 'badge'}>{iam.enabled ? 'Enabled' : 'Disabled'}</span>
            {external && (
              <>
                {' '}
                <span className={iam.loginReadiness.ready ? 'badge ok' : 'badge warn'}>
                  {iam.loginReadiness.ready ? 'Ready for login' : 'Not ready for login'}
                </span>
              </>
            )}
          </p>
        </div>
        <Link href="/iams">Back to the IAMs</Link>
      </div>
      <Tabs>
        <TabList aria-label="IAM sections">
          <Tab id="settings">Settings</Tab>
          {external && <Tab id="connection">Connection</Tab>}
          {(iam.type === 'SAML' || iam.type === 'OIDC') && <Tab id="scim">SCIM</Tab>}
          {iam.type === 'LDAP' && <Tab id="sync">Directory sync</Tab>}
        </TabList>
        <TabPanel id="settings">
          <SettingsPanel iam={iam} readOnly={!abilities.configure} />
          {abilities.configure && iam.type !== 'BUILTIN' && <DeleteIam iam={iam} />}
        </TabPanel>
        {external && (
          <TabPanel id="connection">
            <ConnectionPanel iam={iam} canTest={abilities.configure} />
          </TabPanel>
        )}
        {(iam.type === 'SAML' || iam.type === 'OIDC') && (
          <TabPanel id="scim">
            <ScimPanel iam={iam} canConfigure={abilities.configure} />
          </TabPanel>
        )}
        {iam.type === 'LDAP' && (
          <TabPanel id="sync">
            <SyncPanel iamId={iam.id} canSync={abilities.configure} />
          </TabPanel>
        )}
      </Tabs>
    </section>
  );
}
