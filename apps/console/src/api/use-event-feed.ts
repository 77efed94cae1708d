import { stringifyDocument } from '@urql/core';
import type { Client as WsClient } from 'graphql-ws';
import { useEffect, useState } from 'react';
import { useClient } from 'urql';
import type { ApiError } from './api-error.ts';
import { apiErrors } from './api-error.ts';
import { liveState } from './client.ts';
import { graphql, readFragment, type ResultOf } from './graphql.ts';

export const FeedEventFields = graphql(`
  fragment FeedEventFields on Event {
    cursor
    sequence
    type
    occurredAt
    iamId
    subjectType
    subjectId
    changes
    origin {
      kind
      key
    }
    subject {
      __typename
      # Aliased: the members' id and displayName differ in type (ID! / String!, String / String!).
      ... on User {
        userId: id
        userName
        userDisplayName: displayName
      }
      ... on Group {
        groupId: id
        groupName: displayName
      }
      ... on Iam {
        iamRef: id
        iamName: displayName
      }
      ... on WebhookEndpoint {
        endpointId: id
        url
      }
    }
  }
`);

const HistoryQuery = graphql(
  `
    query EventHistory($last: Int!, $iamId: String, $types: [EventType!]) {
      events(last: $last, iamId: $iamId, types: $types) {
        endCursor
        edges {
          node {
            ...FeedEventFields
          }
        }
      }
    }
  `,
  [FeedEventFields],
);

const FeedSubscription = graphql(
  `
    subscription EventFeed($after: String, $iamId: String, $types: [EventType!]) {
      provisioningEvents(after: $after, iamId: $iamId, types: $types) {
        ...FeedEventFields
      }
    }
  `,
  [FeedEventFields],
);

export type FeedEvent = ResultOf<typeof FeedEventFields>;
export type EventType = FeedEvent['type'];

/** Loading the history; waiting for the socket; streaming; the socket dropped and is coming back; refused for good. */
export type FeedStatus = 'loading' | 'connecting' | 'live' | 'reconnecting' | 'disconnected';

/** graphql-ws's close codes it does not retry (CloseCode: 4500, 4005, 4400, 4004, 4401, 4406, 4409, 4429). */
const FATAL_CLOSE_CODES = new Set([4500, 4005, 4400, 4004, 4401, 4406, 4409, 4429]);

export interface EventFeed {
  /** Newest first, at most `keep`. */
  readonly events: readonly FeedEvent[];
  readonly status: FeedStatus;
  readonly error: readonly ApiError[] | null;
  /** Older events were dropped from memory to stay at `keep`. */
  readonly capped: boolean;
}

interface Filter {
  readonly iamId: string | null;
  readonly types: readonly EventType[] | null;
}

/**
 * The event log as a live feed: the newest `history` events first (the `events` query with
 * `last`), then every later one from `provisioningEvents`, resumed from the last cursor seen.
 *
 * graphql-ws reconnects by itself but would resend the subscription as first sent, replaying
 * from the original cursor (or from "now", missing what happened while offline). So this hook
 * owns resumption: when the socket closes it drops the subscription and subscribes again with
 * `after` = the last cursor it received; the server replays what it missed, in order. Events are
 * also deduplicated by `sequence` (strictly increasing) as a guard. A filter change restarts it.
 */
export function useEventFeed(live: WsClient, filter: Filter, { history = 100, keep = 500 } = {}): EventFeed {
  const urql = useClient();
  const typesKey = filter.types ? [...filter.types].sort().join(',') : '';
  const { iamId } = filter;
  const key = `${iamId ?? ''}|${typesKey}`;
  // Tagged with its filter: a feed of other filters is not shown (the effect starts a new one).
  const [feed, setTagged] = useState<EventFeed & { key: string }>({ ...INITIAL, key });

  useEffect(() => {
    const types = typesKey ? (typesKey.split(',') as EventType[]) : null;
    const variables = { iamId, types };
    let stopped = false;
    let lastSequence = Number.NEGATIVE_INFINITY;
    let lastCursor: string | null = null;
    let generation = 0;
    let unsubscribe: (() => void) | null = null;
    const setFeed = (update: (prev: EventFeed) => EventFeed) =>
      setTagged((prev) => ({ ...update(prev.key === key ? prev : INITIAL), key }));

    const add = (events: readonly FeedEvent[]) => {
      const fresh = events.filter((event) => {
        if (event.sequence <= lastSequence) return false;
        lastSequence = event.sequence;
        lastCursor = event.cursor;
        return true;
      });
      if (fresh.length === 0) return;
      setFeed((prev) => {
        const all = [...fresh.reverse(), ...prev.events];
        return { ...prev, events: all.slice(0, keep), capped: prev.capped || all.length > keep };
      });
    };

    const subscribe = () => {
      const mine = ++generation;
      unsubscribe = live.subscribe<ResultOf<typeof FeedSubscription>>(
        { query: stringifyDocument(FeedSubscription), variables: { ...variables, after: lastCursor } },
        {
          next: (result) => {
            if (mine !== generation) return;
            if (result.errors) return setFeed((prev) => ({ ...prev, error: result.errors!.map(toApiError) }));
            if (result.data) add([readFragment(FeedEventFields, result.data.provisioningEvents)]);
          },
          error: (error: unknown) => {
            if (mine !== generation) return;
            setFeed((prev) => ({ ...prev, error: wsErrors(error) }));
          },
          complete: () => {},
        },
      );
      if (liveState(live) === 'connected') setFeed((prev) => ({ ...prev, status: 'live' }));
    };

    const offConnected = live.on('connected', () => {
      if (!stopped && unsubscribe) setFeed((prev) => ({ ...prev, status: 'live', error: null }));
    });
    const offClosed = live.on('closed', (event) => {
      if (stopped || !unsubscribe) return;
      const code = (event as { code?: unknown } | null)?.code;
      if (typeof code === 'number' && FATAL_CLOSE_CODES.has(code)) {
        // graphql-ws gives up on these; subscribing again would only repeat the refusal at once.
        unsubscribe();
        unsubscribe = null;
        generation += 1;
        return setFeed((prev) => ({ ...prev, status: 'disconnected', error: wsErrors(event) }));
      }
      // Drop the subscription graphql-ws would resend as it was, and ask again from where we are.
      setFeed((prev) => ({ ...prev, status: 'reconnecting' }));
      unsubscribe();
      generation += 1;
      // After graphql-ws has seen the close too (its own listener runs after this one), so that the
      // new subscription waits for the next socket instead of being sent on the closed one.
      setTimeout(() => {
        if (!stopped) subscribe();
      });
    });

    void urql
      .query(HistoryQuery, { last: history, ...variables }, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        if (stopped) return;
        if (result.error) return setFeed((prev) => ({ ...prev, status: 'connecting', error: apiErrors(result.error!) }));
        const page = result.data!.events;
        setFeed((prev) => ({ ...prev, status: 'connecting' }));
        add(page.edges.map((edge) => readFragment(FeedEventFields, edge.node)));
        lastCursor = page.endCursor ?? lastCursor;
        subscribe();
      });

    return () => {
      stopped = true;
      generation += 1;
      offConnected();
      offClosed();
      unsubscribe?.();
    };
  }, [live, urql, key, iamId, typesKey, history, keep]);

  return feed.key === key ? feed : INITIAL;
}

const INITIAL: EventFeed = { events: [], status: 'loading', error: null, capped: false };

function toApiError(error: { message: string; extensions?: Record<string, unknown> }): ApiError {
  const code = error.extensions?.['code'];
  const reason = error.extensions?.['reason'];
  return { code: typeof code === 'string' ? code : 'ERROR', message: error.message, ...(typeof reason === 'string' ? { reason } : {}) };
}

/** What graphql-ws hands a sink's `error`: GraphQL errors, a close event, or an Error. */
function wsErrors(error: unknown): ApiError[] {
  if (Array.isArray(error)) return error.map((e) => toApiError(e as { message: string }));
  if (error && typeof error === 'object' && 'code' in error && 'reason' in error)
    return [{ code: 'CONNECTION_CLOSED', message: `The live connection closed (${String(error.code)} ${String(error.reason)}).` }];
  return [{ code: 'NETWORK_ERROR', message: error instanceof Error ? error.message : String(error) }];
}
