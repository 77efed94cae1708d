import { useState, type FormEvent } from 'react';
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../api/graphql.ts';
import type { Permission } from '../auth/permissions.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { ErrorView } from '../components/error-view.tsx';
import { CheckboxesInput, SelectInput, TextInput } from '../components/fields.tsx';
import { formatDateTime, humanize, PERMISSION_OPTIONS } from '../components/format.ts';
import { SecretOnce } from '../components/secret-once.tsx';
import { Empty, Loading } from '../components/states.tsx';
import './api-tokens-page.css';

const TokensQuery = graphql(`
  query ApiTokens {
    apiTokens {
      id
      name
      permissions
      createdAt
      expiresAt
      lastUsedAt
      revokedAt
    }
  }
`);

const CreateToken = graphql(`
  mutation CreateApiToken($name: String!, $permissions: [Permission!]!, $expiresAt: DateTime) {
    createApiToken(name: $name, permissions: $permissions, expiresAt: $expiresAt) {
      token
      apiToken {
        id
        name
      }
    }
  }
`);

const RevokeToken = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) {
      id
      revokedAt
    }
  }
`);

const EXPIRY_OPTIONS = [
  { value: 'never', label: 'Never' },
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
] as const;
type Expiry = (typeof EXPIRY_OPTIONS)[number]['value'];

/** API tokens: who may call the API as what; each shown once when created, revocable at once. */
export function ApiTokensPage() {
  const [{ data, error, fetching }, refetch] = useQuery({ query: TokensQuery });
  const [revoked, revoke] = useMutation(RevokeToken);
  return (
    <section aria-labelledby="tokens-heading">
      <div className="page-header">
        <h1 id="tokens-heading">API tokens</h1>
      </div>
      <CreateTokenForm onCreated={() => refetch({ requestPolicy: 'network-only' })} />
      <h2 id="tokens-list-heading">Tokens</h2>
      {error && <ErrorView error={error} />}
      {revoked.error && <ErrorView error={revoked.error} title="The token was not revoked" />}
      {!data && fetching && <Loading />}
      {data && data.apiTokens.length === 0 && <Empty title="No API tokens yet." />}
      {data && data.apiTokens.length > 0 && (
        <div className="table-wrap">
          <Table aria-labelledby="tokens-list-heading" className="react-aria-Table tokens-table">
            <TableHeader>
              <Column isRowHeader>Name</Column>
              <Column>Permissions</Column>
              <Column>Created</Column>
              <Column>Expires</Column>
              <Column>Last used</Column>
              <Column>Status</Column>
              <Column>Actions</Column>
            </TableHeader>
            <TableBody items={data.apiTokens}>
              {(token) => (
                <Row id={token.id}>
                  <Cell>
                    {token.name}
                    <span className="muted id">{token.id}</span>
                  </Cell>
                  <Cell>{token.permissions.map(humanize).join(', ')}</Cell>
                  <Cell>{formatDateTime(token.createdAt)}</Cell>
                  <Cell>{token.expiresAt ? formatDateTime(token.expiresAt) : 'Never'}</Cell>
                  <Cell>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}</Cell>
                  <Cell>
                    {token.revokedAt ? (
                      <span className="badge bad">Revoked {formatDateTime(token.revokedAt)}</span>
                    ) : token.expiresAt && new Date(token.expiresAt) < new Date() ? (
                      <span className="badge">Expired</span>
                    ) : (
                      <span className="badge ok">Active</span>
                    )}
                  </Cell>
                  <Cell>
                    {!token.revokedAt && (
                      <ConfirmButton
                        label={`Revoke ${token.name}`}
                        title={`Revoke “${token.name}”?`}
                        confirmLabel="Revoke"
                        onConfirm={async () => {
                          await revoke({ id: token.id });
                          refetch({ requestPolicy: 'network-only' });
                        }}
                      >
                        Requests with this token are refused from now on. This cannot be undone.
                      </ConfirmButton>
                    )}
                  </Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState<Permission[]>([]);
  const [expiry, setExpiry] = useState<Expiry>('90');
  const [created, create] = useMutation(CreateToken);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSecret(null);
    const expiresAt = expiry === 'never' ? null : new Date(Date.now() + Number(expiry) * 86_400_000).toISOString();
    const result = await create({ name: name.trim(), permissions, expiresAt });
    if (result.data) {
      setSecret({ name: result.data.createApiToken.apiToken.name, token: result.data.createApiToken.token });
      setName('');
      setPermissions([]);
      onCreated();
    }
  };

  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="new-token-heading">
      <h2 id="new-token-heading">New token</h2>
      <div className="grid-2">
        <TextInput label="Name" value={name} onChange={setName} isRequired description="Who or what uses it, e.g. “HR sync job”." />
        <SelectInput label="Expires" value={expiry} onChange={setExpiry} options={EXPIRY_OPTIONS} />
      </div>
      <CheckboxesInput label="Permissions" value={permissions} onChange={setPermissions} options={PERMISSION_OPTIONS} />
      {created.error && <ErrorView error={created.error} title="The token was not created" />}
      <div className="actions">
        <Button
          type="submit"
          className="react-aria-Button primary"
          isDisabled={created.fetching || !name.trim() || permissions.length === 0}
        >
          Create token
        </Button>
      </div>
      {secret && <SecretOnce label={`API token “${secret.name}”`} value={secret.token} />}
    </form>
  );
}
