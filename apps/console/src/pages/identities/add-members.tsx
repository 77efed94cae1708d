import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../api/graphql.ts';
import { ErrorView } from '../../components/error-view.tsx';
import { TextInput } from '../../components/fields.tsx';
import { useDebounced } from './url-state.ts';

const CandidatesQuery = graphql(`
  query MemberCandidates($iamId: String!, $search: String!) {
    users(iamId: $iamId, filter: { search: $search }, first: 8) {
      edges {
        node {
          id
          userName
          displayName
        }
      }
    }
  }
`);
const AddMembersMutation = graphql(`
  mutation AddGroupMembers($id: ID!, $userIds: [ID!]!) {
    addGroupMembers(id: $id, userIds: $userIds) {
      id
      memberCount
    }
  }
`);

/** Finds users of the group's IAM by the server's search and adds the one picked. */
export function AddMembers({ groupId, iamId, onAdded }: { groupId: string; iamId: string; onAdded: () => void }) {
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim());
  const [{ data, error }] = useQuery({ query: CandidatesQuery, variables: { iamId, search: settled }, pause: settled === '' });
  const [added, add] = useMutation(AddMembersMutation);
  return (
    <div className="add-members">
      <h3 id="add-members-heading">Add members</h3>
      <TextInput label="Find users to add" type="search" value={search} onChange={setSearch} placeholder="Name, user name or email" />
      {error && <ErrorView error={error} />}
      {added.error && <ErrorView error={added.error} />}
      {settled !== '' && data && (
        <ul className="member-results" aria-labelledby="add-members-heading">
          {data.users.edges.length === 0 && <li className="muted">No users match.</li>}
          {data.users.edges.map(({ node }) => (
            <li key={node.id}>
              <span>
                {node.displayName ?? node.userName} <span className="muted">{node.userName}</span>
              </span>
              <Button
                aria-label={`Add ${node.userName}`}
                onPress={() => void add({ id: groupId, userIds: [node.id] }).then((answer) => !answer.error && onAdded())}
              >
                Add
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
