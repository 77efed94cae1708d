import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useMutation } from 'urql';
import { graphql } from '../../api/graphql.ts';
import { ErrorView } from '../../components/error-view.tsx';
import { TextInput } from '../../components/fields.tsx';
import type { DetailUser } from './user-detail-page.tsx';

const UpdateUserMutation = graphql(`
  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      id
      userName
      displayName
    }
  }
`);

// The form's fields, named as UpdateUserInput (and idpOwnedFields) names them.
const FIELDS = [
  { key: 'userName', label: 'User name' },
  { key: 'displayName', label: 'Display name' },
  { key: 'givenName', label: 'Given name' },
  { key: 'familyName', label: 'Family name' },
  { key: 'emails', label: 'Primary email' },
  { key: 'externalId', label: 'External ID' },
  { key: 'externalUsername', label: 'External user name' },
  { key: 'profile.title', label: 'Title' },
  { key: 'profile.department', label: 'Department' },
  { key: 'profile.organization', label: 'Organization' },
  { key: 'profile.phoneNumber', label: 'Phone number' },
  { key: 'profile.location', label: 'Location' },
] as const;
type Key = (typeof FIELDS)[number]['key'];

function valuesOf(user: DetailUser): Record<Key, string> {
  const primary = user.emails.find((e) => e.primary) ?? user.emails[0];
  return {
    userName: user.userName,
    displayName: user.displayName ?? '',
    givenName: user.name.givenName ?? '',
    familyName: user.name.familyName ?? '',
    emails: primary?.value ?? '',
    externalId: user.externalId ?? '',
    externalUsername: user.externalUsername ?? '',
    'profile.title': user.profile.title ?? '',
    'profile.department': user.profile.department ?? '',
    'profile.organization': user.profile.organization ?? '',
    'profile.phoneNumber': user.profile.phoneNumber ?? '',
    'profile.location': user.profile.location ?? '',
  };
}

/**
 * updateUser for USER_ADMIN. The fields the user's IdP owns (User.idpOwnedFields, which the API
 * refuses with FORBIDDEN_CHANGE) are shown locked with the reason; only changed fields are sent.
 */
export function UserProfileForm({ user, onSaved }: { user: DetailUser; onSaved: () => void }) {
  const initial = valuesOf(user);
  const [draft, setDraft] = useState(initial);
  const [saved, setSaved] = useState(false);
  const [result, update] = useMutation(UpdateUserMutation);
  const owned = new Set<string>(user.idpOwnedFields);
  const reason = `Owned by ${user.iam.displayName}: changes come from the identity provider`;

  const input = () => {
    const changed = FIELDS.filter(({ key }) => !owned.has(key) && draft[key] !== initial[key]).map(({ key }) => key);
    const patch: Record<string, unknown> = {};
    const profile: Record<string, string> = {};
    for (const key of changed) {
      const value = draft[key].trim();
      if (key === 'emails') {
        const others = user.emails.filter((e) => e.value !== initial.emails).map((e) => ({ value: e.value, type: e.type, primary: false }));
        patch['emails'] = value ? [{ value, type: 'work', primary: true }, ...others] : others;
      } else if (key.startsWith('profile.')) profile[key.slice('profile.'.length)] = value;
      else patch[key] = value === '' && key !== 'userName' ? null : value;
    }
    if (Object.keys(profile).length) patch['profile'] = profile;
    return patch;
  };

  return (
    <form
      className="card"
      aria-labelledby="edit-user-heading"
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        void update({ id: user.id, input: input() }).then((answer) => {
          if (!answer.error) {
            setSaved(true);
            onSaved();
          }
        });
      }}
    >
      <h2 id="edit-user-heading">Edit profile</h2>
      {owned.size > 0 && <p className="muted locked-note">Locked fields are owned by {user.iam.displayName}.</p>}
      <div className="grid-2">
        {FIELDS.map(({ key, label }) => (
          <TextInput
            key={key}
            label={label}
            value={draft[key]}
            onChange={(value) => setDraft({ ...draft, [key]: value })}
            isReadOnly={owned.has(key)}
            isRequired={key === 'userName'}
            {...(owned.has(key) ? { description: reason } : {})}
            {...(key === 'emails' ? { type: 'email' as const } : {})}
          />
        ))}
      </div>
      {result.error && <ErrorView error={result.error} />}
      {saved && !result.error && (
        <p role="status" className="notice">
          Saved.
        </p>
      )}
      <div className="actions">
        <Button type="submit" className="react-aria-Button primary">
          Save profile
        </Button>
      </div>
    </form>
  );
}
