import { useState } from 'react';
import { Cell, Column, Row, Table, TableBody, TableHeader, type SortDescriptor } from 'react-aria-components';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { graphql } from '../../api/graphql.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { ErrorView } from '../../components/error-view.tsx';
import { SelectInput, TextInput } from '../../components/fields.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Pager } from '../../components/pager.tsx';
import { Empty, Loading } from '../../components/states.tsx';
import { useIamNames } from './iam-names.ts';
import { pageArgs, useKept, useSearchText, useUrlState } from './url-state.ts';
import './identities.css';

// Only the columns the table shows: the page is one statement at any size of directory.
const UsersQuery = graphql(`
  query Users($iamId: String, $filter: UserFilter, $orderBy: UserOrder, $first: Int, $after: String, $last: Int, $before: String) {
    users(iamId: $iamId, filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      totalCount
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
          iamId
          active
          updatedAt
          emails {
            value
            primary
          }
        }
      }
    }
  }
`);

const GroupChoicesQuery = graphql(`
  query GroupChoices($iamId: String) {
    groups(iamId: $iamId, first: 100) {
      edges {
        node {
          id
          displayName
        }
      }
    }
  }
`);

const PAGE_SIZE = 25;
const SORTABLE = { userName: 'USER_NAME', displayName: 'DISPLAY_NAME', updatedAt: 'UPDATED_AT' } as const;
type SortColumn = keyof typeof SORTABLE;
const COLUMN_OF = Object.fromEntries(Object.entries(SORTABLE).map(([column, field]) => [field, column])) as Record<
  (typeof SORTABLE)[SortColumn],
  SortColumn
>;

/** Every user: searched, filtered, sorted and paged by the server; the state is in the URL. */
export function UsersPage() {
  const { abilities } = useAuth();
  const { iams, nameOf } = useIamNames();
  const [params, setParams] = useUrlState();
  const { text: search, setText: setSearch, applied: urlSearch } = useSearchText();
  const iamId = params.get('iam') ?? '';
  const status = params.get('status') ?? 'all';
  const groupId = params.get('group') ?? '';
  const attribute = params.get('attr') ?? '';
  const attributeValue = params.get('attrValue') ?? '';
  const [attrDraft, setAttrDraft] = useState({ name: attribute, value: attributeValue });
  const sortField = (params.get('sort') ?? 'USER_NAME') as (typeof SORTABLE)[SortColumn];
  const direction = params.get('dir') === 'DESC' ? 'DESC' : 'ASC';

  const filter = {
    ...(urlSearch ? { search: urlSearch } : {}),
    ...(status === 'all' ? {} : { active: status === 'active' }),
    ...(groupId ? { groupId } : {}),
    ...(attribute ? { attribute: { name: attribute, ...(attributeValue ? { value: attributeValue } : {}) } } : {}),
  };
  const [{ data: fresh, error, fetching }] = useQuery({
    query: UsersQuery,
    variables: {
      ...(iamId ? { iamId } : {}),
      filter,
      orderBy: { field: sortField, direction },
      ...pageArgs(params, PAGE_SIZE),
    },
  });
  const data = useKept(fresh);
  const [{ data: groupChoices }] = useQuery({ query: GroupChoicesQuery, variables: iamId ? { iamId } : {} });

  const sortDescriptor: SortDescriptor = {
    column: COLUMN_OF[sortField] ?? 'userName',
    direction: direction === 'ASC' ? 'ascending' : 'descending',
  };
  const users = data?.users;
  return (
    <section aria-labelledby="users-heading">
      <div className="page-header">
        <h1 id="users-heading">Users</h1>
        {abilities.editIdentities && (
          <Link className="button-link primary" href="/users/new">
            Create user
          </Link>
        )}
      </div>
      <div className="filters" role="search" aria-label="Find users">
        <TextInput label="Search" type="search" value={search} onChange={setSearch} placeholder="Name, user name or email" />
        <SelectInput
          label="IAM"
          value={iamId || 'all'}
          onChange={(value) => setParams({ iam: value === 'all' ? null : value, group: null })}
          options={[{ value: 'all', label: 'All IAMs' }, ...iams.map((iam) => ({ value: iam.id, label: iam.displayName }))]}
        />
        <SelectInput
          label="Status"
          value={status}
          onChange={(value) => setParams({ status: value === 'all' ? null : value })}
          options={[
            { value: 'all', label: 'Active and inactive' },
            { value: 'active', label: 'Active' },
            { value: 'inactive', label: 'Inactive' },
          ]}
        />
        <SelectInput
          label="Group"
          value={groupId || 'any'}
          onChange={(value) => setParams({ group: value === 'any' ? null : value })}
          options={[
            { value: 'any', label: 'Any group' },
            ...(groupChoices?.groups.edges ?? []).map(({ node }) => ({ value: node.id, label: node.displayName })),
          ]}
        />
        <form
          className="attribute-filter"
          onSubmit={(event) => {
            event.preventDefault();
            setParams({ attr: attrDraft.name.trim(), attrValue: attrDraft.name.trim() ? attrDraft.value : null });
          }}
        >
          <TextInput
            label="Attribute"
            value={attrDraft.name}
            onChange={(name) => setAttrDraft({ ...attrDraft, name })}
            placeholder="hr.department"
          />
          <TextInput
            label="Attribute value"
            value={attrDraft.value}
            onChange={(value) => setAttrDraft({ ...attrDraft, value })}
            placeholder="Any value"
          />
          <button type="submit" className="react-aria-Button">
            Apply
          </button>
        </form>
      </div>
      {error && <ErrorView error={error} />}
      {!users && fetching && <Loading />}
      {users && (
        <>
          <p className="muted result-count" role="status" aria-live="polite">
            {users.totalCount === 1 ? '1 user' : `${users.totalCount.toLocaleString()} users`}
            {fetching ? ' · updating…' : ''}
          </p>
          {users.edges.length === 0 ? (
            <Empty title="No users match.">
              <p>Change the search or the filters.</p>
            </Empty>
          ) : (
            <div className="table-wrap">
              <Table
                aria-labelledby="users-heading"
                sortDescriptor={sortDescriptor}
                onSortChange={(next) => {
                  const field = SORTABLE[next.column as SortColumn];
                  setParams({ sort: field === 'USER_NAME' ? null : field, dir: next.direction === 'descending' ? 'DESC' : null });
                }}
              >
                <TableHeader>
                  <Column id="userName" isRowHeader allowsSorting>
                    {({ sortDirection }) => <SortLabel label="User name" direction={sortDirection} />}
                  </Column>
                  <Column id="displayName" allowsSorting>
                    {({ sortDirection }) => <SortLabel label="Display name" direction={sortDirection} />}
                  </Column>
                  <Column id="email">Primary email</Column>
                  <Column id="iam">IAM</Column>
                  <Column id="active">Status</Column>
                  <Column id="updatedAt" allowsSorting>
                    {({ sortDirection }) => <SortLabel label="Updated" direction={sortDirection} />}
                  </Column>
                </TableHeader>
                <TableBody items={users.edges.map((edge) => edge.node)}>
                  {(user) => (
                    <Row id={user.id}>
                      <Cell>
                        <Link href={`/users/${encodeURIComponent(user.id)}`}>{user.userName}</Link>
                      </Cell>
                      <Cell>{user.displayName ?? '—'}</Cell>
                      <Cell>{(user.emails.find((e) => e.primary) ?? user.emails[0])?.value ?? '—'}</Cell>
                      <Cell>{nameOf(user.iamId)}</Cell>
                      <Cell>
                        <span className={user.active ? 'badge ok' : 'badge bad'}>{user.active ? 'Active' : 'Inactive'}</span>
                      </Cell>
                      <Cell>{formatDateTime(user.updatedAt)}</Cell>
                    </Row>
                  )}
                </TableBody>
              </Table>
            </div>
          )}
          <Pager
            pageInfo={users.pageInfo}
            onPrevious={() => setParams({ before: users.pageInfo.startCursor, after: null }, { keepPage: true })}
            onNext={() => setParams({ after: users.pageInfo.endCursor, before: null }, { keepPage: true })}
          />
        </>
      )}
    </section>
  );
}

function SortLabel({ label, direction }: { label: string; direction: 'ascending' | 'descending' | undefined }) {
  return (
    <span className="sort-label">
      {label}
      <span aria-hidden="true" className="sort-indicator">
        {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''}
      </span>
    </span>
  );
}
