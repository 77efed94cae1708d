import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useMutation } from 'urql';
import { Link, useLocation } from 'wouter';
import { graphql } from '../../api/graphql.ts';
import type { Permission } from '../../auth/permissions.ts';
import { ErrorView } from '../../components/error-view.tsx';
import { CheckboxesInput, TextInput } from '../../components/fields.tsx';
import { PERMISSION_OPTIONS } from '../../components/format.ts';
import './identities.css';

const CreateUserMutation = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
    }
  }
`);

/** A user of the built-in IAM (users of other IAMs come from their identity provider). */
export function UserCreatePage() {
  const [, navigate] = useLocation();
  const [form, setForm] = useState({ userName: '', displayName: '', givenName: '', familyName: '', email: '' });
  const [permissions, setPermissions] = useState<Permission[]>([]);
  const [result, create] = useMutation(CreateUserMutation);
  const set = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  return (
    <section aria-labelledby="create-user-heading">
      <p>
        <Link href="/users">← Users</Link>
      </p>
      <h1 id="create-user-heading">Create user</h1>
      <p className="muted">The user belongs to the built-in IAM; users of other IAMs come from their identity provider.</p>
      <form
        className="card"
        onSubmit={(event) => {
          event.preventDefault();
          const email = optional(form.email);
          void create({
            input: {
              userName: form.userName.trim(),
              ...(optional(form.displayName) ? { displayName: optional(form.displayName) } : {}),
              ...(optional(form.givenName) ? { givenName: optional(form.givenName) } : {}),
              ...(optional(form.familyName) ? { familyName: optional(form.familyName) } : {}),
              ...(email ? { emails: [{ value: email, type: 'work', primary: true }] } : {}),
              permissions,
            },
          }).then((answer) => {
            const id = answer.data?.createUser.id;
            if (id) navigate(`/users/${encodeURIComponent(id)}`);
          });
        }}
      >
        <div className="grid-2">
          <TextInput label="User name" value={form.userName} onChange={set('userName')} isRequired autoComplete="off" />
          <TextInput label="Display name" value={form.displayName} onChange={set('displayName')} />
          <TextInput label="Given name" value={form.givenName} onChange={set('givenName')} />
          <TextInput label="Family name" value={form.familyName} onChange={set('familyName')} />
          <TextInput label="Primary email" type="email" value={form.email} onChange={set('email')} />
        </div>
        <CheckboxesInput label="Permissions" value={permissions} onChange={setPermissions} options={PERMISSION_OPTIONS} />
        {result.error && <ErrorView error={result.error} />}
        <div className="actions">
          <Button type="submit" className="react-aria-Button primary">
            Create user
          </Button>
        </div>
      </form>
    </section>
  );
}
