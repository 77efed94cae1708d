import { useState } from 'react';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { graphql } from '../api/graphql.ts';
import { useEventFeed, type EventType, type FeedEvent, type FeedStatus } from '../api/use-event-feed.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { ErrorView } from '../components/error-view.tsx';
import { CheckboxesInput, SelectInput } from '../components/fields.tsx';
import { formatDateTime, humanize } from '../components/format.ts';
import { Empty, Loading } from '../components/states.tsx';
import { EVENT_TYPE_OPTIONS } from '../api/event-types.ts';
import './events-page.css';

const IamsQuery = graphql(`
  query EventIams {
    iams {
      id
      displayName
    }
  }
`);

/** How many events the page keeps; older ones leave the page as new ones arrive. */
const KEEP = 500;
const HISTORY = 100;
const ALL = '*';

const ORIGIN_LABELS = {
  API_TOKEN: 'API token',
  SCIM: 'SCIM',
  SSO: 'SSO login',
  SYNC: 'Directory sync',
  SYSTEM: 'Roster',
  USER: 'User',
} as const;

const STATUS_TEXT: Record<FeedStatus, string> = {
  loading: 'Loading recent events…',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  disconnected: 'Disconnected',
};

/** The event log, live: the newest events, then each new one as it is committed. */
export function EventsPage() {
  const { live } = useAuth();
  const [iamId, setIamId] = useState<string>(ALL);
  const [types, setTypes] = useState<EventType[]>([]);
  const [{ data: iams }] = useQuery({ query: IamsQuery });
  const feed = useEventFeed(
    live,
    { iamId: iamId === ALL ? null : iamId, types: types.length ? types : null },
    { history: HISTORY, keep: KEEP },
  );
  const iamName = new Map(iams?.iams.map((iam) => [iam.id, iam.displayName]));

  return (
    <section aria-labelledby="events-heading">
      <div className="page-header">
        <h1 id="events-heading">Events</h1>
        <p className={`feed-status ${feed.status}`} role="status" aria-live="polite">
          <span className="dot" aria-hidden="true" />
          {STATUS_TEXT[feed.status]}
        </p>
      </div>
      <div className="card event-filters">
        <SelectInput
          label="IAM"
          value={iamId}
          onChange={setIamId}
          options={[{ value: ALL, label: 'All IAMs' }, ...(iams?.iams.map((iam) => ({ value: iam.id, label: iam.displayName })) ?? [])]}
        />
        <details className="type-filter">
          <summary>Types: {types.length ? types.map(humanize).join(', ') : 'all'}</summary>
          <CheckboxesInput label="Event types" value={types} onChange={setTypes} options={EVENT_TYPE_OPTIONS} />
          {types.length > 0 && (
            <button type="button" className="react-aria-Button quiet" onClick={() => setTypes([])}>
              All types
            </button>
          )}
        </details>
      </div>
      {feed.error && <ErrorView error={feed.error} title="The event feed failed" />}
      {feed.status === 'loading' && <Loading label="Loading recent events…" />}
      {feed.status !== 'loading' && feed.events.length === 0 && !feed.error && (
        <Empty title="No events yet.">
          <p className="muted">New events appear here as they are committed.</p>
        </Empty>
      )}
      {feed.events.length > 0 && (
        <>
          <p className="muted">
            Newest first: the latest {HISTORY} events when the page opened, then each new one live. This page keeps the newest {KEEP}
            {feed.capped ? '; older ones have been dropped from it' : ''}.
          </p>
          <div className="table-wrap">
            <table className="plain-table events-table" aria-labelledby="events-heading">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Type</th>
                  <th scope="col">IAM</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Origin</th>
                  <th scope="col">Changes</th>
                </tr>
              </thead>
              <tbody>
                {feed.events.map((event) => (
                  <tr key={event.sequence} data-sequence={event.sequence}>
                    <td>
                      <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
                    </td>
                    <td>{humanize(event.type)}</td>
                    <td>{iamName.get(event.iamId) ?? event.iamId}</td>
                    <td>
                      <Subject event={event} />
                    </td>
                    <td>
                      {event.origin ? (
                        <>
                          {ORIGIN_LABELS[event.origin.kind]}
                          <span className="muted id">{event.origin.key}</span>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>
                      <details>
                        <summary>Changes</summary>
                        <pre className="changes">{JSON.stringify(event.changes, null, 2)}</pre>
                      </details>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/**
 * What the event is about. subjectId is the raw row id; a user's or group's page is addressed by
 * its node ID (User.id, Group.id), so links use the subject as loaded, and only while it exists.
 */
function Subject({ event }: { event: FeedEvent }) {
  const subject = event.subject;
  const kind = humanize(event.subjectType);
  if (subject?.__typename === 'User')
    return (
      <>
        <Link href={`/users/${encodeURIComponent(subject.userId)}`}>{subject.userDisplayName ?? subject.userName}</Link>
        <span className="muted id">{kind}</span>
      </>
    );
  if (subject?.__typename === 'Group')
    return (
      <>
        <Link href={`/groups/${encodeURIComponent(subject.groupId)}`}>{subject.groupName}</Link>
        <span className="muted id">{kind}</span>
      </>
    );
  if (subject?.__typename === 'Iam')
    return (
      <>
        <Link href={`/iams/${encodeURIComponent(subject.iamRef)}`}>{subject.iamName}</Link>
        <span className="muted id">{kind}</span>
      </>
    );
  if (subject?.__typename === 'WebhookEndpoint')
    return (
      <>
        <Link href={`/webhooks/${encodeURIComponent(subject.endpointId)}`}>{subject.url}</Link>
        <span className="muted id">{kind}</span>
      </>
    );
  return (
    <>
      <code>{event.subjectId}</code>
      <span className="muted id">
        {kind}
        {subject === null && ['USER', 'GROUP', 'IAM'].includes(event.subjectType) ? ' (gone)' : ''}
      </span>
    </>
  );
}
