import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useMutation } from 'urql';
import { graphql } from '../../api/graphql.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import type { Permission } from '../../auth/permissions.ts';
import { ErrorView } from '../../components/error-view.tsx';
import { CheckboxesInput } from '../../components/fields.tsx';
import { PERMISSION_OPTIONS } from '../../components/format.ts';
import type { DetailUser } from './user-detail-page.tsx';

const SetPermissionsMutation = graphql(`
  mutation SetUserPermissions($id: ID!, $permissions: [Permission!]!) {
    setUserPermissions(id: $id, permissions: $permissions) {
      id
      permissions
      effectivePermissions
    }
  }
`);

const labelOf = (permission: string) => PERMISSION_OPTIONS.find((o) => o.value === permission)?.label ?? permission;

/**
 * The rules of the IAM's groupPermissions that grant `permission` through a group the user is in:
 * group names match case-insensitively, as core's deriveGroupPermissions matches them.
 */
function grantingGroups(user: DetailUser, permission: Permission): string[] {
  const names = new Set(user.allGroups.edges.map(({ node }) => node.displayName.toLowerCase()));
  return user.iam.groupPermissions
    .filter((rule) => rule.permissions.includes(permission) && names.has(rule.group.toLowerCase()))
    .map((rule) => rule.group);
}

/** Effective permissions, each with where it comes from; USER_ADMIN sets the direct ones. */
export function UserPermissions({ user, onSaved }: { user: DetailUser; onSaved: () => void }) {
  const { abilities } = useAuth();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Permission[]>([...user.permissions]);
  const [result, save] = useMutation(SetPermissionsMutation);
  return (
    <div className="card">
      <h2 id="user-permissions-heading">Effective permissions</h2>
      {user.effectivePermissions.length === 0 ? (
        <p className="muted">No Roster permissions.</p>
      ) : (
        <ul className="perm-list" aria-labelledby="user-permissions-heading">
          {user.effectivePermissions.map((permission) => {
            const direct = user.permissions.includes(permission);
            const fromGroups = user.groupPermissions.includes(permission);
            const groups = fromGroups ? grantingGroups(user, permission) : [];
            return (
              <li key={permission}>
                <strong>{labelOf(permission)}</strong>
                {direct && <span className="source muted">Granted directly</span>}
                {fromGroups && (
                  <span className="source muted">
                    From groups
                    {groups.length > 0 ? `: ${groups.join(', ')} (${user.iam.displayName}'s group permissions)` : ''}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {abilities.editIdentities && !editing && (
        <Button
          onPress={() => {
            setDraft([...user.permissions]);
            setEditing(true);
          }}
        >
          Edit direct permissions
        </Button>
      )}
      {editing && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void save({ id: user.id, permissions: draft }).then((answer) => {
              if (!answer.error) {
                setEditing(false);
                onSaved();
              }
            });
          }}
        >
          <CheckboxesInput
            label="Granted directly"
            value={draft}
            onChange={setDraft}
            options={PERMISSION_OPTIONS}
            description="Permissions from groups come from the IAM's group permissions and are not changed here."
          />
          {result.error && <ErrorView error={result.error} />}
          <div className="actions">
            <Button type="submit" className="react-aria-Button primary">
              Save permissions
            </Button>
            <Button onPress={() => setEditing(false)}>Cancel</Button>
          </div>
        </form>
      )}
    </div>
  );
}
