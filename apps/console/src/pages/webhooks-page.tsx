import { useState, type FormEvent } from 'react';
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { useMutation, useQuery } from 'urql';
import { Link } from 'wouter';
import { graphql } from '../api/graphql.ts';
import { ErrorView } from '../components/error-view.tsx';
import { formatDateTime, humanize } from '../components/format.ts';
import { SecretOnce } from '../components/secret-once.tsx';
import { Empty, Loading } from '../components/states.tsx';
import { EndpointFields, endpointDraft, endpointInput } from './webhook-endpoint-fields.tsx';
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

/** Origins typed one per line or separated by commas: origin keys (SCIM:okta) or kinds (SYNC). */
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
  const [draft, setDraft] = useState(endpointDraft());
  const [created, create] = useMutation(CreateEndpoint);
  const [secret, setSecret] = useState<{ id: string; url: string; secret: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSecret(null);
    const result = await create({
      input: endpointInput(draft),
    });
    if (result.data) {
      const { endpoint, secret: signing } = result.data.createWebhookEndpoint;
      setSecret({ id: endpoint.id, url: endpoint.url, secret: signing });
      setDraft(endpointDraft());
      onCreated();
    }
  };

  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="new-endpoint-heading">
      <h2 id="new-endpoint-heading">New endpoint</h2>
      <EndpointFields draft={draft} onChange={setDraft} iams={iams} />
      {created.error && <ErrorView error={created.error} title="The endpoint was not created" />}
      <div className="actions">
        <Button type="submit" className="react-aria-Button primary" isDisabled={created.fetching || !draft.url.trim()}>
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
