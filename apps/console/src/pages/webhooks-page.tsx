import { useState, type FormEvent } from 'react';
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { useMutation, useQuery } from 'urql';
import { Link } from 'wouter';
import { EVENT_TYPE_OPTIONS } from '../api/event-types.ts';
import { graphql } from '../api/graphql.ts';
import type { EventType } from '../api/use-event-feed.ts';
import { ErrorView } from '../components/error-view.tsx';
import { CheckboxesInput, SelectInput, TextAreaInput, TextInput } from '../components/fields.tsx';
import { formatDateTime, humanize } from '../components/format.ts';
import { SecretOnce } from '../components/secret-once.tsx';
import { Empty, Loading } from '../components/states.tsx';
import './webhooks-page.css';

const EndpointsQuery = graphql(`
  query WebhookEndpoints {
    webhookEndpoints {
      id
      url
      enabled
      iamId
      types
      failingSince
      disabledReason
      description
    }
    iams {
      id
      displayName
    }
  }
`);

const CreateEndpoint = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      secret
      endpoint {
        id
        url
      }
    }
  }
`);

export const ALL_IAMS = '*';

/** Origins typed one per line or separated by commas: origin keys (SCIM:okta) or kinds (SYNC). */
export function parseOrigins(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((origin) => origin.trim())
    .filter(Boolean);
}

/** Where Roster posts events: each endpoint's state, and a form to add one. */
export function WebhooksPage() {
  const [{ data, error, fetching }, refetch] = useQuery({ query: EndpointsQuery });
  const iamName = new Map(data?.iams.map((iam) => [iam.id, iam.displayName]));
  return (
    <section aria-labelledby="webhooks-heading">
      <div className="page-header">
        <h1 id="webhooks-heading">Webhooks</h1>
      </div>
      <CreateEndpointForm iams={data?.iams ?? []} onCreated={() => refetch({ requestPolicy: 'network-only' })} />
      <h2 id="endpoints-heading">Endpoints</h2>
      {error && <ErrorView error={error} />}
      {!data && fetching && <Loading />}
      {data && data.webhookEndpoints.length === 0 && <Empty title="No webhook endpoints yet." />}
      {data && data.webhookEndpoints.length > 0 && (
        <div className="table-wrap">
          <Table aria-labelledby="endpoints-heading">
            <TableHeader>
              <Column isRowHeader>URL</Column>
              <Column>Enabled</Column>
              <Column>IAM</Column>
              <Column>Types</Column>
              <Column>Failing since</Column>
              <Column>Disabled because</Column>
            </TableHeader>
            <TableBody items={data.webhookEndpoints}>
              {(endpoint) => (
                <Row id={endpoint.id}>
                  <Cell>
                    <Link href={`/webhooks/${encodeURIComponent(endpoint.id)}`}>{endpoint.url}</Link>
                    {endpoint.description && <span className="muted id">{endpoint.description}</span>}
                  </Cell>
                  <Cell>{endpoint.enabled ? <span className="badge ok">Enabled</span> : <span className="badge bad">Disabled</span>}</Cell>
                  <Cell>{endpoint.iamId ? (iamName.get(endpoint.iamId) ?? endpoint.iamId) : 'All IAMs'}</Cell>
                  <Cell>{endpoint.types.length ? endpoint.types.map(humanize).join(', ') : 'All types'}</Cell>
                  <Cell>{endpoint.failingSince ? formatDateTime(endpoint.failingSince) : '—'}</Cell>
                  <Cell>{endpoint.disabledReason ?? '—'}</Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

function CreateEndpointForm({ iams, onCreated }: { iams: readonly { id: string; displayName: string }[]; onCreated: () => void }) {
  const [url, setUrl] = useState('');
  const [iamId, setIamId] = useState(ALL_IAMS);
  const [types, setTypes] = useState<EventType[]>([]);
  const [origins, setOrigins] = useState('');
  const [description, setDescription] = useState('');
  const [created, create] = useMutation(CreateEndpoint);
  const [secret, setSecret] = useState<{ id: string; url: string; secret: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSecret(null);
    const result = await create({
      input: {
        url: url.trim(),
        iamId: iamId === ALL_IAMS ? null : iamId,
        types,
        excludeOrigins: parseOrigins(origins),
        description: description.trim() || null,
      },
    });
    if (result.data) {
      const { endpoint, secret: signing } = result.data.createWebhookEndpoint;
      setSecret({ id: endpoint.id, url: endpoint.url, secret: signing });
      setUrl('');
      setTypes([]);
      setOrigins('');
      setDescription('');
      onCreated();
    }
  };

  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="new-endpoint-heading">
      <h2 id="new-endpoint-heading">New endpoint</h2>
      <div className="grid-2">
        <TextInput label="URL" type="url" value={url} onChange={setUrl} isRequired placeholder="https://hooks.example.com/roster" />
        <SelectInput
          label="IAM"
          value={iamId}
          onChange={setIamId}
          options={[{ value: ALL_IAMS, label: 'All IAMs' }, ...iams.map((iam) => ({ value: iam.id, label: iam.displayName }))]}
        />
        <TextAreaInput
          label="Excluded origins"
          value={origins}
          onChange={setOrigins}
          rows={2}
          description="One per line: an origin key (SCIM:okta, API_TOKEN:…) or a kind (SYNC, SCIM). Events they cause are not sent."
        />
        <TextInput label="Description" value={description} onChange={setDescription} />
      </div>
      <details className="type-picker">
        <summary>Event types: {types.length ? `${types.length} selected` : 'all'}</summary>
        <CheckboxesInput
          label="Event types"
          value={types}
          onChange={setTypes}
          options={EVENT_TYPE_OPTIONS}
          description="None selected: every type."
        />
      </details>
      {created.error && <ErrorView error={created.error} title="The endpoint was not created" />}
      <div className="actions">
        <Button type="submit" className="react-aria-Button primary" isDisabled={created.fetching || !url.trim()}>
          Create endpoint
        </Button>
      </div>
      {secret && (
        <>
          <SecretOnce label="Signing secret" value={secret.secret} />
          <p>
            <Link href={`/webhooks/${encodeURIComponent(secret.id)}`}>Open {secret.url}</Link>
          </p>
        </>
      )}
    </form>
  );
}
