import { useState } from 'react';
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { useMutation, useQuery } from 'urql';
import { Link, useLocation } from 'wouter';
import { graphql } from '../../api/graphql.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { ErrorView } from '../../components/error-view.tsx';
import { SelectInput, TextInput } from '../../components/fields.tsx';
import { Pager } from '../../components/pager.tsx';
import { Empty, Loading } from '../../components/states.tsx';
import { useIamNames } from './iam-names.ts';
import { pageArgs, useKept, useSearchText, useUrlState } from './url-state.ts';
import './identities.css';

const GroupsQuery = graphql(`
  query Groups($iamId: String, $filter: GroupFilter, $first: Int, $after: String, $last: Int, $before: String) {
    groups(iamId: $iamId, filter: $filter, first: $first, after: $after, last: $last, before: $before) {
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
          displayName
          iamId
          memberCount
        }
      }
    }
  }
`);

const CreateGroupMutation = graphql(`
  mutation CreateGroup($displayName: String!) {
    createGroup(displayName: $displayName) {
      id
    }
  }
`);

const PAGE_SIZE = 25;

/** Every group, searched and paged by the server, with its member count and IAM. */
export function GroupsPage() {
  const { abilities } = useAuth();
  const { iams, nameOf } = useIamNames();
  const [, navigate] = useLocation();
  const [params, setParams] = useUrlState();
  const { text: search, setText: setSearch, applied: urlSearch } = useSearchText();
  const iamId = params.get('iam') ?? '';
  const [{ data: fresh, error, fetching }] = useQuery({
    query: GroupsQuery,
    variables: { ...(iamId ? { iamId } : {}), filter: urlSearch ? { search: urlSearch } : {}, ...pageArgs(params, PAGE_SIZE) },
  });
  const data = useKept(fresh);
  const [newName, setNewName] = useState('');
  const [created, create] = useMutation(CreateGroupMutation);
  const groups = data?.groups;
  return (
    <section aria-labelledby="groups-heading">
      <div className="page-header">
        <h1 id="groups-heading">Groups</h1>
        {abilities.editIdentities && (
          <form
            className="inline-form create-group"
            aria-label="Create group"
            onSubmit={(event) => {
              event.preventDefault();
              void create({ displayName: newName.trim() }).then((answer) => {
                const id = answer.data?.createGroup.id;
                if (id) navigate(`/groups/${encodeURIComponent(id)}`);
              });
            }}
          >
            <TextInput label="New group name" value={newName} onChange={setNewName} isRequired placeholder="In the built-in IAM" />
            <Button type="submit" className="react-aria-Button primary">
              Create group
            </Button>
          </form>
        )}
      </div>
      <div className="filters" role="search" aria-label="Find groups">
        <TextInput label="Search" type="search" value={search} onChange={setSearch} placeholder="Group name" />
        <SelectInput
          label="IAM"
          value={iamId || 'all'}
          onChange={(value) => setParams({ iam: value === 'all' ? null : value })}
          options={[{ value: 'all', label: 'All IAMs' }, ...iams.map((iam) => ({ value: iam.id, label: iam.displayName }))]}
        />
      </div>
      {created.error && <ErrorView error={created.error} />}
      {error && <ErrorView error={error} />}
      {!groups && fetching && <Loading />}
      {groups && (
        <>
          <p className="muted result-count" role="status" aria-live="polite">
            {groups.totalCount === 1 ? '1 group' : `${groups.totalCount.toLocaleString()} groups`}
          </p>
          {groups.edges.length === 0 ? (
            <Empty title="No groups match." />
          ) : (
            <div className="table-wrap">
              <Table aria-labelledby="groups-heading">
                <TableHeader>
                  <Column isRowHeader>Name</Column>
                  <Column>IAM</Column>
                  <Column>Members</Column>
                </TableHeader>
                <TableBody items={groups.edges.map((edge) => edge.node)}>
                  {(group) => (
                    <Row id={group.id}>
                      <Cell>
                        <Link href={`/groups/${encodeURIComponent(group.id)}`}>{group.displayName}</Link>
                      </Cell>
                      <Cell>{nameOf(group.iamId)}</Cell>
                      <Cell>{group.memberCount.toLocaleString()}</Cell>
                    </Row>
                  )}
                </TableBody>
              </Table>
            </div>
          )}
          <Pager
            pageInfo={groups.pageInfo}
            onPrevious={() => setParams({ before: groups.pageInfo.startCursor, after: null }, { keepPage: true })}
            onNext={() => setParams({ after: groups.pageInfo.endCursor, before: null }, { keepPage: true })}
          />
        </>
      )}
    </section>
  );
}
