import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useMutation, useQuery } from 'urql';
import { Link, useLocation, useParams } from 'wouter';
import { graphql, type ResultOf } from '../../api/graphql.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { ErrorView } from '../../components/error-view.tsx';
import { TextInput } from '../../components/fields.tsx';
import { PERMISSION_OPTIONS } from '../../components/format.ts';
import { Pager } from '../../components/pager.tsx';
import { Empty, Loading } from '../../components/states.tsx';
import { AddMembers } from './add-members.tsx';
import './identities.css';
import { keysetArgs } from './url-state.ts';

const MEMBERS_PAGE = 10;

const GroupDetailQuery = graphql(`
  query GroupDetail($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    node(id: $id) {
      __typename
      ... on Group {
        id
        displayName
        externalId
        memberCount
        createdAt
        updatedAt
        attributes {
          name
          values
        }
        iam {
          id
          displayName
          type
          groupPermissions {
            group
            permissions
          }
        }
        members(first: $first, after: $after, last: $last, before: $before) {
          pageInfo {
            hasNextPage
            hasPreviousPage
            startCursor
            endCursor
          }
          edges {
            node {
              id
              userName
              displayName
              active
            }
          }
        }
      }
    }
  }
`);

type DetailGroup = Extract<NonNullable<ResultOf<typeof GroupDetailQuery>['node']>, { __typename: 'Group' }>;

const RenameMutation = graphql(`
  mutation RenameGroup($id: ID!, $displayName: String!) {
    updateGroup(id: $id, displayName: $displayName) {
      id
      displayName
    }
  }
`);
const RemoveMembersMutation = graphql(`
  mutation RemoveGroupMembers($id: ID!, $userIds: [ID!]!) {
    removeGroupMembers(id: $id, userIds: $userIds) {
      id
      memberCount
    }
  }
`);
const DeleteGroupMutation = graphql(`
  mutation DeleteGroup($id: ID!) {
    deleteGroup(id: $id)
  }
`);

const labelOf = (permission: string) => PERMISSION_OPTIONS.find((o) => o.value === permission)?.label ?? permission;

/** One group: its members (paged), attributes and the permissions its IAM grants its members. */
export function GroupDetailPage() {
  // wouter hands the path segment as it is in the URL: node IDs end in an encoded '='.
  const id = decodeURIComponent(useParams<{ id: string }>().id);
  const { abilities } = useAuth();
  const [, navigate] = useLocation();
  const [page, setPage] = useState<{ after?: string; before?: string }>({});
  const [{ data, error, fetching }, refetch] = useQuery({
    query: GroupDetailQuery,
    variables: {
      id,
      ...keysetArgs(page, MEMBERS_PAGE),
    },
  });
  const [removed, remove] = useMutation(RemoveMembersMutation);
  const [deleted, deleteGroup] = useMutation(DeleteGroupMutation);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (error) return <ErrorView error={error} />;
  if (!data) return fetching ? <Loading /> : null;
  const group = data.node?.__typename === 'Group' ? data.node : null;
  if (!group)
    return (
      <Empty title="There is no such group.">
        <Link href="/groups">All groups</Link>
      </Empty>
    );
  // As core's deriveGroupPermissions: the rules naming this group, case-insensitively.
  const rules = group.iam.groupPermissions.filter((rule) => rule.group.toLowerCase() === group.displayName.toLowerCase());
  const granted = [...new Set(rules.flatMap((rule) => rule.permissions))];
  return (
    <section aria-labelledby="group-heading">
      <p>
        <Link href="/groups">← Groups</Link>
      </p>
      <div className="page-header">
        <h1 id="group-heading">{group.displayName}</h1>
        {abilities.editIdentities && (
          <ConfirmButton
            label="Delete group"
            title={`Delete ${group.displayName}?`}
            confirmLabel="Delete group"
            onConfirm={async () => {
              const answer = await deleteGroup({ id: group.id });
              if (!answer.error) navigate('/groups');
            }}
          >
            <p>
              Its {group.memberCount} members leave it and lose the permissions it grants.{' '}
              {group.iam.type !== 'BUILTIN' && `${group.iam.displayName} may send it again.`}
            </p>
          </ConfirmButton>
        )}
      </div>
      {deleted.error && <ErrorView error={deleted.error} />}
      <div className="grid-2">
        <div className="card">
          <h2>Details</h2>
          <dl className="facts">
            <dt>IAM</dt>
            <dd>
              <Link href={`/iams/${encodeURIComponent(group.iam.id)}`}>{group.iam.displayName}</Link>
            </dd>
            <dt>Members</dt>
            <dd>{group.memberCount.toLocaleString()}</dd>
            <dt>External ID</dt>
            <dd className="mono">{group.externalId ?? '—'}</dd>
          </dl>
          {abilities.editIdentities && <RenameForm group={group} onSaved={reload} />}
        </div>
        <div className="card">
          <h2 id="group-permissions-heading">Permissions of its members</h2>
          {granted.length === 0 ? (
            <p className="muted">{group.iam.displayName}&apos;s group permissions grant this group nothing.</p>
          ) : (
            <ul className="perm-list" aria-labelledby="group-permissions-heading">
              {granted.map((permission) => (
                <li key={permission}>
                  <strong>{labelOf(permission)}</strong>
                  <span className="source muted">
                    {group.iam.displayName}&apos;s group permissions, rule “{rules.find((r) => r.permissions.includes(permission))?.group}”
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h2 id="group-attributes-heading">Attributes</h2>
          {group.attributes.length === 0 ? (
            <p className="muted">No attributes.</p>
          ) : (
            <dl className="facts" aria-labelledby="group-attributes-heading">
              {group.attributes.map((attribute) => (
                <div key={attribute.name}>
                  <dt className="mono">{attribute.name}</dt>
                  <dd>{attribute.values.join(', ')}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      </div>
      <div className="card">
        <h2 id="members-heading">Members</h2>
        {group.members.edges.length === 0 ? (
          <p className="muted">No members.</p>
        ) : (
          <ul className="member-results" aria-labelledby="members-heading">
            {group.members.edges.map(({ node }) => (
              <li key={node.id}>
                <span>
                  <Link href={`/users/${encodeURIComponent(node.id)}`}>{node.displayName ?? node.userName}</Link>{' '}
                  <span className="muted">{node.userName}</span> {!node.active && <span className="badge bad">Inactive</span>}
                </span>
                {abilities.editIdentities && (
                  <Button
                    className="react-aria-Button quiet"
                    aria-label={`Remove ${node.userName}`}
                    onPress={() => void remove({ id: group.id, userIds: [node.id] }).then((answer) => !answer.error && reload())}
                  >
                    Remove
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
        {removed.error && <ErrorView error={removed.error} />}
        {(group.members.pageInfo.hasNextPage || group.members.pageInfo.hasPreviousPage) && (
          <Pager
            pageInfo={group.members.pageInfo}
            onPrevious={() => setPage({ before: group.members.pageInfo.startCursor ?? '' })}
            onNext={() => setPage({ after: group.members.pageInfo.endCursor ?? '' })}
          />
        )}
        {abilities.editIdentities && <AddMembers groupId={group.id} iamId={group.iam.id} onAdded={reload} />}
      </div>
    </section>
  );
}

function RenameForm({ group, onSaved }: { group: DetailGroup; onSaved: () => void }) {
  const [name, setName] = useState(group.displayName);
  const [result, rename] = useMutation(RenameMutation);
  return (
    <form
      className="inline-form"
      aria-label="Rename group"
      onSubmit={(event) => {
        event.preventDefault();
        void rename({ id: group.id, displayName: name.trim() }).then((answer) => !answer.error && onSaved());
      }}
    >
      <TextInput label="Group name" value={name} onChange={setName} isRequired />
      <Button type="submit">Rename</Button>
      {result.error && <ErrorView error={result.error} />}
    </form>
  );
}
