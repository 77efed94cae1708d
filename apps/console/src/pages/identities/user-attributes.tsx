import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useMutation } from 'urql';
import { graphql } from '../../api/graphql.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { ErrorView } from '../../components/error-view.tsx';
import { TextInput } from '../../components/fields.tsx';
import type { DetailUser } from './user-detail-page.tsx';

const SetAttributesMutation = graphql(`
  mutation SetUserAttributes($id: ID!, $attributes: [AttributeInput!]!) {
    setUserAttributes(id: $id, attributes: $attributes) {
      id
      attributes {
        name
        values
      }
    }
  }
`);

/** The user's attributes; USER_ADMIN sets one (comma-separated values) or removes it (no values). */
export function UserAttributes({ user, onSaved }: { user: DetailUser; onSaved: () => void }) {
  const { abilities } = useAuth();
  const [name, setName] = useState('');
  const [values, setValues] = useState('');
  const [result, save] = useMutation(SetAttributesMutation);
  const submit = (attribute: { name: string; values: string[] }) =>
    void save({ id: user.id, attributes: [attribute] }).then((answer) => {
      if (!answer.error) {
        setName('');
        setValues('');
        onSaved();
      }
    });
  return (
    <div className="card">
      <h2 id="user-attributes-heading">Attributes</h2>
      {user.attributes.length === 0 ? (
        <p className="muted">No attributes.</p>
      ) : (
        <dl className="facts" aria-labelledby="user-attributes-heading">
          {user.attributes.map((attribute) => (
            <div key={attribute.name} className="attribute-row">
              <dt className="mono">{attribute.name}</dt>
              <dd>
                {attribute.values.join(', ')}{' '}
                {abilities.editIdentities && (
                  <Button
                    className="react-aria-Button quiet"
                    aria-label={`Remove ${attribute.name}`}
                    onPress={() => submit({ name: attribute.name, values: [] })}
                  >
                    Remove
                  </Button>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {abilities.editIdentities && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            submit({
              name: name.trim(),
              values: values
                .split(',')
                .map((v) => v.trim())
                .filter(Boolean),
            });
          }}
        >
          <TextInput label="Attribute name" value={name} onChange={setName} placeholder="hr.department" isRequired />
          <TextInput
            label="Values"
            value={values}
            onChange={setValues}
            placeholder="Comma-separated"
            description="None removes the attribute."
          />
          <Button type="submit">Set attribute</Button>
        </form>
      )}
      {result.error && <ErrorView error={result.error} />}
    </div>
  );
}
