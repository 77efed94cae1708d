import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Link, useParams } from 'wouter';
import { graphql, type ResultOf } from '../../api/graphql.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { ErrorView } from '../../components/error-view.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Pager } from '../../components/pager.tsx';
import { Empty, Loading } from '../../components/states.tsx';
import { UserAttributes } from './user-attributes.tsx';
import { UserEvents } from './user-events.tsx';
import { UserPermissions } from './user-permissions.tsx';
import { UserProfileForm } from './user-profile-form.tsx';
import './identities.css';
import { keysetArgs } from './url-state.ts';

const GROUPS_PAGE = 10;

export const UserDetailQuery = graphql(`
  query UserDetail($id: ID!, $admin: Boolean!, $first: Int, $after: String, $last: Int, $before: String) {
    node(id: $id) {
      __typename
      ... on User {
        id
        userName
        displayName
        name {
          givenName
          familyName
        }
        emails {
          value
          type
          primary
        }
        profile {
          title
          department
          organization
          phoneNumber
          location
        }
        externalId
        externalUsername
        active
        deprovisioned
        source
        createdAt
        updatedAt
        idpOwnedFields
        permissions
        groupPermissions
        effectivePermissions
        attributes {
          name
          values
        }
        sourceAttributes @include(if: $admin)
        iam {
          id
          displayName
          type
          groupPermissions {
            group
            permissions
          }
        }
        groups(first: $first, after: $after, last: $last, before: $before) {
          pageInfo {
            hasNextPage
            hasPreviousPage
            startCursor
            endCursor
          }
          edges {
            node {
              id
              displayName
            }
          }
        }
        allGroups: groups(first: 100) {
          pageInfo {
            hasNextPage
          }
          edges {
            node {
              id
              displayName
            }
          }
        }
      }
    }
  }
`);

export type DetailUser = Extract<NonNullable<ResultOf<typeof UserDetailQuery>['node']>, { __typename: 'User' }>;

const DeactivateMutation = graphql(`
  mutation DeactivateUser($id: ID!) {
    deactivateUser(id: $id) {
      id
      active
    }
  }
`);
const ReactivateMutation = graphql(`
  mutation ReactivateUser($id: ID!) {
    reactivateUser(id: $id) {
      id
      active
    }
  }
`);

/** One user: profile, emails, groups, effective permissions and their sources, attributes, events. */
export function UserDetailPage() {
  // wouter hands the path segment as it is in the URL: node IDs end in an encoded '='.
  const id = decodeURIComponent(useParams<{ id: string }>().id);
  const { abilities } = useAuth();
  const [page, setPage] = useState<{ after?: string; before?: string }>({});
  const [{ data, error, fetching }, refetch] = useQuery({
    query: UserDetailQuery,
    variables: {
      id,
      admin: abilities.editIdentities,
      ...keysetArgs(page, GROUPS_PAGE),
    },
  });
  const [deactivated, deactivate] = useMutation(DeactivateMutation);
  const [reactivated, reactivate] = useMutation(ReactivateMutation);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (error) return <ErrorView error={error} />;
  if (!data) return fetching ? <Loading /> : null;
  const user = data.node?.__typename === 'User' ? data.node : null;
  if (!user)
    return (
      <Empty title="There is no such user.">
        <Link href="/users">All users</Link>
      </Empty>
    );
  const external = user.iam.type !== 'BUILTIN';
  const primary = user.emails.find((e) => e.primary) ?? user.emails[0];
  return (
    <section aria-labelledby="user-heading">
      <p>
        <Link href="/users">← Users</Link>
      </p>
      <div className="page-header">
        <div className="title-with-badge">
          <h1 id="user-heading">{user.displayName ?? user.userName}</h1>
          <span className={user.active ? 'badge ok' : 'badge bad'}>
            {user.active ? 'Active' : user.deprovisioned ? 'Deprovisioned' : 'Inactive'}
          </span>
        </div>
        {abilities.editIdentities && (
          <div className="actions">
            {user.active ? (
              <ConfirmButton
                label="Deactivate"
                title={`Deactivate ${user.userName}?`}
                confirmLabel="Deactivate"
                onConfirm={async () => void (await deactivate({ id: user.id }))}
              >
                <p>
                  The user can no longer sign in{external ? `; the next update from ${user.iam.displayName} may change this again` : ''}.
                </p>
              </ConfirmButton>
            ) : (
              <ConfirmButton
                label="Reactivate"
                title={`Reactivate ${user.userName}?`}
                confirmLabel="Reactivate"
                danger={false}
                onConfirm={async () => void (await reactivate({ id: user.id }))}
              >
                <p>The user can sign in again.</p>
              </ConfirmButton>
            )}
          </div>
        )}
      </div>
      {deactivated.error && <ErrorView error={deactivated.error} />}
      {reactivated.error && <ErrorView error={reactivated.error} />}
      <div className="grid-2">
        <div className="card">
          <h2>Profile</h2>
          <dl className="facts">
            <dt>User name</dt>
            <dd>{user.userName}</dd>
            <dt>Given name</dt>
            <dd>{user.name.givenName ?? '—'}</dd>
            <dt>Family name</dt>
            <dd>{user.name.familyName ?? '—'}</dd>
            <dt>Primary email</dt>
            <dd>{primary?.value ?? '—'}</dd>
            <dt>Title</dt>
            <dd>{user.profile.title ?? '—'}</dd>
            <dt>Department</dt>
            <dd>{user.profile.department ?? '—'}</dd>
            <dt>Organization</dt>
            <dd>{user.profile.organization ?? '—'}</dd>
            <dt>Phone</dt>
            <dd>{user.profile.phoneNumber ?? '—'}</dd>
            <dt>Location</dt>
            <dd>{user.profile.location ?? '—'}</dd>
          </dl>
        </div>
        <div className="card">
          <h2>Source</h2>
          <dl className="facts">
            <dt>IAM</dt>
            <dd>
              <Link href={`/iams/${encodeURIComponent(user.iam.id)}`}>{user.iam.displayName}</Link>
            </dd>
            <dt>Provisioned by</dt>
            <dd>{user.source}</dd>
            <dt>External ID</dt>
            <dd className="mono">{user.externalId ?? '—'}</dd>
            <dt>External user name</dt>
            <dd>{user.externalUsername ?? '—'}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(user.createdAt)}</dd>
            <dt>Updated</dt>
            <dd>{formatDateTime(user.updatedAt)}</dd>
          </dl>
        </div>
      </div>
      <div className="card">
        <h2>Emails</h2>
        {user.emails.length === 0 ? (
          <p className="muted">No email addresses.</p>
        ) : (
          <ul className="perm-list" aria-label="Emails">
            {user.emails.map((email) => (
              <li key={email.value}>
                {email.value} {email.type && <span className="muted">({email.type})</span>}{' '}
                {email.primary && <span className="badge">Primary</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
      <UserPermissions user={user} onSaved={reload} />
      <div className="card">
        <h2 id="user-groups-heading">Groups</h2>
        {user.groups.edges.length === 0 ? (
          <p className="muted">Not a member of any group.</p>
        ) : (
          <ul className="perm-list" aria-labelledby="user-groups-heading">
            {user.groups.edges.map(({ node }) => (
              <li key={node.id}>
                <Link href={`/groups/${encodeURIComponent(node.id)}`}>{node.displayName}</Link>
              </li>
            ))}
          </ul>
        )}
        {(user.groups.pageInfo.hasNextPage || user.groups.pageInfo.hasPreviousPage) && (
          <Pager
            pageInfo={user.groups.pageInfo}
            onPrevious={() => setPage({ before: user.groups.pageInfo.startCursor ?? '' })}
            onNext={() => setPage({ after: user.groups.pageInfo.endCursor ?? '' })}
          />
        )}
      </div>
      <UserAttributes user={user} onSaved={reload} />
      {abilities.editIdentities && <UserProfileForm user={user} onSaved={reload} />}
      {abilities.editIdentities && (
        <div className="card">
          <h2>What the identity provider sent</h2>
          <pre className="source-attributes" tabIndex={0} aria-label="Source attributes">
            {JSON.stringify(user.sourceAttributes ?? {}, null, 2)}
          </pre>
        </div>
      )}
      <UserEvents userId={user.id} />
    </section>
  );
}
