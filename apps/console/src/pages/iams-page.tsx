import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { graphql } from '../api/graphql.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { ErrorView } from '../components/error-view.tsx';
import { formatDateTime, humanize } from '../components/format.ts';
import { Empty, Loading } from '../components/states.tsx';

const IamsQuery = graphql(`
  query Iams {
    iams {
      id
      displayName
      type
      enabled
      scim {
        enabled
      }
      userCount
      lastSyncRun {
        status
        startedAt
        finishedAt
      }
    }
  }
`);

const STATUS_BADGES = { SUCCEEDED: 'ok', FAILED: 'bad', RUNNING: 'warn' } as const;

const TYPE_LABELS = { BUILTIN: 'Built-in', LDAP: 'LDAP / AD', SAML: 'SAML', OIDC: 'OpenID Connect' } as const;

/** Every IAM: its type, whether it is on, SCIM, how many users, how its last sync went. */
export function IamsPage() {
  const { abilities } = useAuth();
  const [{ data, error, fetching }] = useQuery({ query: IamsQuery });
  return (
    <section aria-labelledby="iams-heading">
      <div className="page-header">
        <h1 id="iams-heading">Identity managers</h1>
        {abilities.configure && (
          <Link className="button-link primary" href="/iams/new">
            Add IAM
          </Link>
        )}
      </div>
      {error && <ErrorView error={error} />}
      {!data && fetching && <Loading />}
      {data && data.iams.length === 0 && <Empty title="No identity managers yet." />}
      {data && data.iams.length > 0 && (
        <div className="table-wrap">
          <Table aria-labelledby="iams-heading">
            <TableHeader>
              <Column isRowHeader>Name</Column>
              <Column>Type</Column>
              <Column>Enabled</Column>
              <Column>SCIM</Column>
              <Column>Users</Column>
              <Column>Last sync</Column>
            </TableHeader>
            <TableBody items={data.iams}>
              {(iam) => (
                <Row id={iam.id}>
                  <Cell>
                    <Link href={`/iams/${encodeURIComponent(iam.id)}`}>{iam.displayName}</Link>
                    <span className="muted id">{iam.id}</span>
                  </Cell>
                  <Cell>{TYPE_LABELS[iam.type]}</Cell>
                  <Cell>{iam.enabled ? 'Yes' : 'No'}</Cell>
                  <Cell>{iam.scim.enabled ? 'On' : 'Off'}</Cell>
                  <Cell>{iam.userCount.toLocaleString()}</Cell>
                  <Cell>
                    {iam.lastSyncRun ? (
                      <>
                        <span className={`badge ${STATUS_BADGES[iam.lastSyncRun.status]}`}>{humanize(iam.lastSyncRun.status)}</span>{' '}
                        <span className="muted">{formatDateTime(iam.lastSyncRun.finishedAt ?? iam.lastSyncRun.startedAt)}</span>
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}
