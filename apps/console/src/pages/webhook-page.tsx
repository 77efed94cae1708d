import { useState, type FormEvent } from 'react';
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { useMutation, useQuery } from 'urql';
import { Link, useLocation, useParams } from 'wouter';
import { graphql, type ResultOf } from '../api/graphql.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { ErrorView } from '../components/error-view.tsx';
import { SwitchInput, TextInput } from '../components/fields.tsx';
import { formatDateTime } from '../components/format.ts';
import { Pager } from '../components/pager.tsx';
import { SecretOnce } from '../components/secret-once.tsx';
import { Empty, Loading } from '../components/states.tsx';
import { EndpointFields, endpointDraft, endpointInput } from './webhook-endpoint-fields.tsx';
import './webhooks-page.css';

const DeliveryFields = graphql(`
  fragment DeliveryFields on WebhookDelivery @_unmask {
    id
    type
    attempt
    attemptedAt
    status
    succeeded
    durationMs
    error
    response
    eventCursor
    messageId
  }
`);

const EndpointQuery = graphql(
  `
    query WebhookEndpoint($id: ID!, $after: String) {
      webhookEndpoint(id: $id) {
        id
        url
        description
        enabled
        iamId
        types
        excludeOrigins
        cursor
        failedAttempts
        failingSince
        retryAt
        disabledReason
        previousSecretUntil
        createdAt
        updatedAt
        deliveries(first: 20, after: $after) {
          endCursor
          hasNextPage
          edges {
            cursor
            node {
              ...DeliveryFields
            }
          }
        }
      }
      iams {
        id
        displayName
      }
    }
  `,
  [DeliveryFields],
);

const UpdateEndpoint = graphql(`
  mutation UpdateWebhookEndpoint($id: ID!, $input: WebhookEndpointInput!) {
    updateWebhookEndpoint(id: $id, input: $input) {
      id
      url
      description
      enabled
      iamId
      types
      excludeOrigins
      disabledReason
      failingSince
      updatedAt
    }
  }
`);

const TestEndpoint = graphql(
  `
    mutation TestWebhookEndpoint($id: ID!) {
      testWebhookEndpoint(id: $id) {
        ...DeliveryFields
      }
    }
  `,
  [DeliveryFields],
);

const RotateSecret = graphql(`
  mutation RotateWebhookSecret($id: ID!, $graceSeconds: Int) {
    rotateWebhookSecret(id: $id, graceSeconds: $graceSeconds) {
      secret
      endpoint {
        id
        previousSecretUntil
      }
    }
  }
`);

const ReplayEndpoint = graphql(`
  mutation ReplayWebhookEndpoint($id: ID!, $after: String!) {
    replayWebhookEndpoint(id: $id, after: $after) {
      id
      cursor
    }
  }
`);

const DeleteEndpoint = graphql(`
  mutation DeleteWebhookEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id) {
      id
    }
  }
`);

type Endpoint = NonNullable<ResultOf<typeof EndpointQuery>['webhookEndpoint']>;
type Delivery = ResultOf<typeof DeliveryFields>;

/** One webhook endpoint: its settings, a test ping, its deliveries, secret rotation, replay, deletion. */
export function WebhookPage() {
  const { id = '' } = useParams<{ id: string }>();
  const [, navigate] = useLocation();
  // Deliveries are newest first; the cursors of the pages before this one, to go back.
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const after = pages.at(-1) ?? null;
  const [{ data, error, fetching }, refetch] = useQuery({ query: EndpointQuery, variables: { id, after } });
  const [updated, update] = useMutation(UpdateEndpoint);
  const [deleted, remove] = useMutation(DeleteEndpoint);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (error) return <ErrorView error={error} />;
  if (!data) return fetching ? <Loading /> : null;
  const endpoint = data.webhookEndpoint;
  if (!endpoint)
    return (
      <Empty title="There is no such webhook endpoint.">
        <Link href="/webhooks">Back to webhooks</Link>
      </Empty>
    );
  const deliveries = endpoint.deliveries;

  return (
    <section aria-labelledby="webhook-heading">
      <p>
        <Link href="/webhooks">← Webhooks</Link>
      </p>
      <div className="page-header">
        <h1 id="webhook-heading" className="webhook-url">
          {endpoint.url}
        </h1>
        <div className="actions">
          <Button
            className="react-aria-Button"
            isDisabled={updated.fetching}
            onPress={() => void update({ id, input: { enabled: !endpoint.enabled } }).then(reload)}
          >
            {endpoint.enabled ? 'Disable' : 'Enable'}
          </Button>
          <ConfirmButton
            label="Delete endpoint"
            title="Delete this webhook endpoint?"
            confirmLabel="Delete"
            onConfirm={async () => {
              const result = await remove({ id });
              if (!result.error) navigate('/webhooks');
            }}
          >
            Roster stops posting to {endpoint.url} and forgets its deliveries.
          </ConfirmButton>
        </div>
      </div>
      {updated.error && <ErrorView error={updated.error} title="The endpoint was not changed" />}
      {deleted.error && <ErrorView error={deleted.error} title="The endpoint was not deleted" />}
      <Status endpoint={endpoint} />
      <EditForm key={endpoint.updatedAt} endpoint={endpoint} iams={data.iams} onSaved={reload} />
      <TestPanel id={id} onTested={reload} />
      <SecretPanel key={id} id={id} previousSecretUntil={endpoint.previousSecretUntil} onRotated={reload} />
      <ReplayPanel id={id} cursor={endpoint.cursor} onReplayed={reload} />

      <h2 id="deliveries-heading">Deliveries</h2>
      {deliveries.edges.length === 0 ? (
        <Empty title="No deliveries yet." />
      ) : (
        <div className="table-wrap">
          <Table aria-labelledby="deliveries-heading">
            <TableHeader>
              <Column isRowHeader>When</Column>
              <Column>Type</Column>
              <Column>Try</Column>
              <Column>Status</Column>
              <Column>Duration</Column>
              <Column>Error or response</Column>
            </TableHeader>
            <TableBody items={deliveries.edges.map((edge) => edge.node)}>
              {(delivery) => (
                <Row id={delivery.id}>
                  <Cell>{formatDateTime(delivery.attemptedAt)}</Cell>
                  <Cell>
                    {delivery.type}
                    {delivery.eventCursor && <code className="muted id">{delivery.eventCursor}</code>}
                  </Cell>
                  <Cell>{delivery.attempt}</Cell>
                  <Cell>
                    <StatusBadge delivery={delivery} />
                  </Cell>
                  <Cell>{delivery.durationMs} ms</Cell>
                  <Cell>{delivery.error ?? (delivery.response ? <code>{delivery.response}</code> : '—')}</Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </div>
      )}
      <Pager
        pageInfo={{ hasPreviousPage: pages.length > 1, hasNextPage: deliveries.hasNextPage }}
        onPrevious={() => setPages((stack) => stack.slice(0, -1))}
        onNext={() => setPages((stack) => [...stack, deliveries.endCursor])}
        summary={`Page ${pages.length}, newest first`}
      />
    </section>
  );
}

function StatusBadge({ delivery }: { delivery: Delivery }) {
  return (
    <span className={delivery.succeeded ? 'badge ok' : 'badge bad'}>
      {delivery.status ?? 'No answer'} {delivery.succeeded ? 'OK' : 'failed'}
    </span>
  );
}

function Status({ endpoint }: { endpoint: Endpoint }) {
  return (
    <div className="card">
      <dl className="facts">
        <dt>State</dt>
        <dd>{endpoint.enabled ? <span className="badge ok">Enabled</span> : <span className="badge bad">Disabled</span>}</dd>
        {endpoint.disabledReason && (
          <>
            <dt>Disabled because</dt>
            <dd>{endpoint.disabledReason}</dd>
          </>
        )}
        <dt>Failing since</dt>
        <dd>
          {endpoint.failingSince
            ? `${formatDateTime(endpoint.failingSince)} (${endpoint.failedAttempts} failed tries; next ${formatDateTime(endpoint.retryAt)})`
            : '—'}
        </dd>
        <dt>Delivered up to</dt>
        <dd>
          <code>{endpoint.cursor}</code>
        </dd>
        <dt>Created</dt>
        <dd>{formatDateTime(endpoint.createdAt)}</dd>
      </dl>
    </div>
  );
}

function EditForm({
  endpoint,
  iams,
  onSaved,
}: {
  endpoint: Endpoint;
  iams: readonly { id: string; displayName: string }[];
  onSaved: () => void;
}) {
  const [draft, setDraft] = useState(() => endpointDraft(endpoint));
  const [enabled, setEnabled] = useState(endpoint.enabled);
  const [saved, save] = useMutation(UpdateEndpoint);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const result = await save({
      id: endpoint.id,
      input: { ...endpointInput(draft), enabled },
    });
    if (!result.error) {
      setDone(true);
      onSaved();
    }
  };

  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="edit-heading">
      <h2 id="edit-heading">Settings</h2>
      <EndpointFields draft={draft} onChange={setDraft} iams={iams} />
      <SwitchInput isSelected={enabled} onChange={setEnabled} label="Enabled (enabling resumes where delivery stopped)" />
      {saved.error && <ErrorView error={saved.error} title="The settings were not saved" />}
      {done && (
        <p className="notice" role="status">
          Saved.
        </p>
      )}
      <div className="actions">
        <Button type="submit" className="react-aria-Button primary" isDisabled={saved.fetching}>
          Save
        </Button>
      </div>
    </form>
  );
}

function TestPanel({ id, onTested }: { id: string; onTested: () => void }) {
  const [tested, test] = useMutation(TestEndpoint);
  const attempt = tested.data?.testWebhookEndpoint;
  return (
    <div className="card" aria-labelledby="test-heading" role="region">
      <h2 id="test-heading">Test</h2>
      <p className="muted">Posts a signed webhook.ping now and shows what the receiver answered.</p>
      <Button className="react-aria-Button" isDisabled={tested.fetching} onPress={() => void test({ id }).then(onTested)}>
        {tested.fetching ? 'Sending…' : 'Send test'}
      </Button>
      {tested.error && <ErrorView error={tested.error} title="The test was not sent" />}
      {attempt && (
        <div role="status" className="test-result">
          <dl className="facts">
            <dt>Result</dt>
            <dd>
              <StatusBadge delivery={attempt} />
            </dd>
            <dt>Status</dt>
            <dd>{attempt.status ?? 'No answer'}</dd>
            <dt>Duration</dt>
            <dd>{attempt.durationMs} ms</dd>
            <dt>Error</dt>
            <dd>{attempt.error ?? '—'}</dd>
            <dt>Response</dt>
            <dd>{attempt.response ? <code>{attempt.response}</code> : '(empty)'}</dd>
          </dl>
        </div>
      )}
    </div>
  );
}

function SecretPanel({ id, previousSecretUntil, onRotated }: { id: string; previousSecretUntil: string | null; onRotated: () => void }) {
  const [grace, setGrace] = useState('86400');
  const [rotated, rotate] = useMutation(RotateSecret);
  const [secret, setSecret] = useState<string | null>(null);
  const graceSeconds = Number.parseInt(grace, 10);
  return (
    <div className="card" aria-labelledby="secret-heading" role="region">
      <h2 id="secret-heading">Signing secret</h2>
      <p className="muted">
        {previousSecretUntil
          ? `Deliveries are also signed with the previous secret until ${formatDateTime(previousSecretUntil)}.`
          : 'Rotating gives a new secret; for the grace period deliveries carry signatures of both.'}
      </p>
      <div className="toolbar">
        <TextInput label="Grace period (seconds)" type="number" value={grace} onChange={setGrace} />
        <ConfirmButton
          label="Rotate secret"
          title="Rotate the signing secret?"
          confirmLabel="Rotate"
          isDisabled={rotated.fetching}
          onConfirm={async () => {
            const result = await rotate({ id, graceSeconds: Number.isFinite(graceSeconds) ? graceSeconds : null });
            if (result.data) {
              setSecret(result.data.rotateWebhookSecret.secret);
              onRotated();
            }
          }}
        >
          The receiver must switch to the new secret within {Number.isFinite(graceSeconds) ? graceSeconds : 86400} seconds.
        </ConfirmButton>
      </div>
      {rotated.error && <ErrorView error={rotated.error} title="The secret was not rotated" />}
      {secret && <SecretOnce label="New signing secret" value={secret} />}
    </div>
  );
}

function ReplayPanel({ id, cursor, onReplayed }: { id: string; cursor: string; onReplayed: () => void }) {
  const [from, setFrom] = useState('');
  const [replayed, replay] = useMutation(ReplayEndpoint);
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const result = await replay({ id, after: from.trim() });
    if (!result.error) {
      setDone(true);
      onReplayed();
    }
  };
  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="replay-heading">
      <h2 id="replay-heading">Replay</h2>
      <div className="toolbar">
        <TextInput
          label="After event cursor"
          value={from}
          onChange={setFrom}
          isRequired
          description={`Events after this cursor are delivered again, in order, with their original webhook-id. Now at ${cursor}.`}
        />
        <Button type="submit" className="react-aria-Button" isDisabled={replayed.fetching || !from.trim()}>
          Replay
        </Button>
      </div>
      {replayed.error && <ErrorView error={replayed.error} title="The replay was refused" />}
      {done && (
        <p className="notice" role="status">
          Replaying from {from.trim()}.
        </p>
      )}
    </form>
  );
}
