import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useQuery } from 'urql';
import { graphql } from '../../api/graphql.ts';
import { ErrorView } from '../../components/error-view.tsx';
import { formatDateTime, humanize } from '../../components/format.ts';
import { Loading } from '../../components/states.tsx';

const UserEventsQuery = graphql(`
  query UserEvents($subjectId: String!, $after: String) {
    events(subjectId: $subjectId, after: $after, first: 20) {
      hasNextPage
      endCursor
      edges {
        node {
          cursor
          type
          occurredAt
          changes
          origin {
            key
          }
        }
      }
    }
  }
`);

/** What happened to the user, oldest first, from the event log (read by subject in the database). */
export function UserEvents({ userId }: { userId: string }) {
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  return (
    <div className="card">
      <h2 id="user-events-heading">Events</h2>
      <ol className="perm-list" aria-labelledby="user-events-heading">
        {pages.map((after, i) => (
          <EventPage
            key={after ?? 'first'}
            userId={userId}
            after={after}
            onMore={i === pages.length - 1 ? (cursor) => setPages([...pages, cursor]) : undefined}
          />
        ))}
      </ol>
    </div>
  );
}

function EventPage({
  userId,
  after,
  onMore,
}: {
  userId: string;
  after: string | undefined;
  onMore: ((cursor: string) => void) | undefined;
}) {
  const [{ data, error, fetching }] = useQuery({ query: UserEventsQuery, variables: { subjectId: userId, ...(after ? { after } : {}) } });
  if (error) return <ErrorView error={error} />;
  if (!data) return fetching ? <Loading /> : null;
  const { edges, hasNextPage, endCursor } = data.events;
  return (
    <>
      {edges.length === 0 && !after && <li className="muted">No events.</li>}
      {edges.map(({ node }) => (
        <li key={node.cursor}>
          <strong>{humanize(node.type)}</strong> <span className="muted">{formatDateTime(node.occurredAt)}</span>
          {node.origin && <span className="source muted">By {node.origin.key}</span>}
          <span className="source muted">{summarize(node.changes)}</span>
        </li>
      ))}
      {hasNextPage && onMore && endCursor && (
        <li>
          <Button onPress={() => onMore(endCursor)}>More events</Button>
        </li>
      )}
    </>
  );
}

/** The changed fields' names, e.g. "displayName, emails" (an update's data holds them under `changes`). */
function summarize(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  const nested = (data as { changes?: unknown }).changes;
  const keys = Object.keys(nested && typeof nested === 'object' ? nested : data);
  return keys.length ? `Changed: ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? '…' : ''}` : '';
}
