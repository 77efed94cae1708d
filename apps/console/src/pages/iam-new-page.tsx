import { useState } from 'react';
import { Label, Radio, RadioGroup } from 'react-aria-components';
import { useMutation, useQuery } from 'urql';
import { Link, useLocation } from 'wouter';
import { readFragment } from '../api/graphql.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { ErrorView } from '../components/error-view.tsx';
import { Empty } from '../components/states.tsx';
import { handOverScimToken } from './iam/fresh-scim-token.ts';
import { CreateIamMutation, IamChoicesQuery, IamDetailFields } from './iam/iam-documents.ts';
import { IamForm } from './iam/iam-form.tsx';
import { createIamInput } from './iam/iam-form-input.ts';
import { blankIamForm, secretsSetOf, type IamType } from './iam/iam-form-state.ts';
import './iam/iam-pages.css';

const TYPES: readonly { value: IamType; label: string; description: string; creatable?: false }[] = [
  { value: 'SAML', label: 'SAML', description: 'Okta, Entra ID, ADFS, any SAML 2.0 IdP; SCIM provisioning.' },
  { value: 'OIDC', label: 'OpenID Connect', description: 'Any OpenID Provider; SCIM provisioning.' },
  { value: 'LDAP', label: 'LDAP / AD', description: 'A directory, synced on a schedule; logins bind against it.' },
  // The API creates no built-in IAM: there is exactly one, "bim", and it always exists.
  { value: 'BUILTIN', label: 'Built-in', description: 'Users kept in Roster itself: always there (bim), not added.', creatable: false },
];

/** Add IAM: pick the kind of identity provider, then every setting it has. */
export function IamNewPage() {
  const { abilities } = useAuth();
  const [, navigate] = useLocation();
  const [type, setType] = useState<IamType | null>(null);
  const [form, setForm] = useState(blankIamForm);
  const [choices] = useQuery({ query: IamChoicesQuery });
  const [created, create] = useMutation(CreateIamMutation);
  if (!abilities.configure)
    return (
      <Empty title="Adding an IAM needs the APPLICATION_ADMIN permission.">
        <Link href="/iams">Back to the IAMs</Link>
      </Empty>
    );

  const save = async () => {
    if (!type) return;
    const result = await create({ input: createIamInput(type, form) });
    const payload = result.data?.createIam;
    if (!payload) return;
    const iam = readFragment(IamDetailFields, payload.iam);
    if (payload.scimToken) handOverScimToken(iam.id, payload.scimToken);
    navigate(`/iams/${encodeURIComponent(iam.id)}`);
  };

  return (
    <section aria-labelledby="iam-new-heading">
      <div className="page-header">
        <h1 id="iam-new-heading">Add IAM</h1>
        <Link href="/iams">Back to the IAMs</Link>
      </div>
      <RadioGroup className="type-picker" value={type} onChange={(value) => setType(value as IamType)}>
        <Label>Identity provider type</Label>
        <div className="type-options">
          {TYPES.map((t) => (
            <Radio key={t.value} value={t.value} className="type-option" isDisabled={t.creatable === false}>
              <strong>{t.label}</strong>
              <span className="muted">{t.description}</span>
            </Radio>
          ))}
        </div>
      </RadioGroup>
      {type && (
        <div className="card">
          <h2>{TYPES.find((t) => t.value === type)?.label} settings</h2>
          <IamForm
            type={type}
            value={form}
            onChange={setForm}
            readOnly={false}
            isNew
            secrets={secretsSetOf(null)}
            iamChoices={choices.data?.iams ?? []}
            onSubmit={() => void save()}
            submitLabel="Save"
            isSaving={created.fetching}
            feedback={created.error && <ErrorView error={created.error} title="The IAM was not saved" />}
          />
        </div>
      )}
    </section>
  );
}
