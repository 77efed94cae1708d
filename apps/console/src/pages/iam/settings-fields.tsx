import type { ReactNode } from 'react';
import { GROUP_MATCHING_ATTRIBUTES, PROFILE_FIELDS, USER_MATCHING_ATTRIBUTES } from '@roster/core/iam-vocabulary';
import { Button } from 'react-aria-components';
import { CheckboxesInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { PERMISSION_OPTIONS } from '../../components/format.ts';
import type { IamForm } from './iam-form-state.ts';
import { bindFields } from './bind-fields.tsx';

type Settings = IamForm['settings'];

const options = (names: readonly string[]) => names.map((value) => ({ value, label: value }));
const PROFILE_FIELD_OPTIONS = options(PROFILE_FIELDS);
const USER_MATCHING = options(USER_MATCHING_ATTRIBUTES);
const GROUP_MATCHING = options(GROUP_MATCHING_ATTRIBUTES);

/** Settings every kind of IAM shares: permissions, schemas, sync, matching, migration, endpoint. */
export function SettingsFields({
  value,
  onChange,
  readOnly,
  iamChoices,
}: {
  value: Settings;
  onChange: (next: Settings) => void;
  readOnly: boolean;
  /** IAMs whose users this one may take over. */
  iamChoices: readonly { id: string; displayName: string }[];
}) {
  const f = bindFields(value, onChange, readOnly);
  const set = <K extends keyof Settings>(key: K, next: Settings[K]) => onChange({ ...value, [key]: next });
  const migrateOptions = [{ value: '', label: 'None' }, ...iamChoices.map((i) => ({ value: i.id, label: `${i.displayName} (${i.id})` }))];
  return (
    <>
      <fieldset>
        <legend>Permissions</legend>
        <CheckboxesInput
          label="Default permissions"
          description="Granted to a user when this IAM creates them."
          value={value.defaultPermissions}
          onChange={(next) => set('defaultPermissions', next)}
          options={PERMISSION_OPTIONS}
          isDisabled={readOnly}
        />
        <h3 id="group-permissions-heading">Group permissions</h3>
        <Rows
          rows={value.groupPermissions}
          onChange={(rows) => set('groupPermissions', rows)}
          readOnly={readOnly}
          addLabel="Add group permission"
          blank={{ group: '', permissions: [] }}
          empty="No group grants permissions."
          render={(row, i, update) => (
            <>
              <TextInput label={`Group ${i + 1}`} value={row.group} onChange={(group) => update({ ...row, group })} isReadOnly={readOnly} />
              <CheckboxesInput
                label={`Permissions of group ${i + 1}`}
                value={row.permissions}
                onChange={(permissions) => update({ ...row, permissions })}
                options={PERMISSION_OPTIONS}
                isDisabled={readOnly}
              />
            </>
          )}
        />
      </fieldset>
      <fieldset>
        <legend>Profile and attributes</legend>
        <h3>Profile schema</h3>
        <Rows
          rows={value.profileSchema}
          onChange={(rows) => set('profileSchema', rows)}
          readOnly={readOnly}
          addLabel="Add profile mapping"
          blank={{ field: 'title', source: '' }}
          empty="Profile fields come from the standard attributes."
          render={(row, i, update) => (
            <>
              <SelectInput
                label={`Profile field ${i + 1}`}
                value={row.field}
                onChange={(field) => update({ ...row, field })}
                options={PROFILE_FIELD_OPTIONS}
                isDisabled={readOnly}
              />
              <TextInput
                label={`Source attribute ${i + 1}`}
                value={row.source}
                onChange={(source) => update({ ...row, source })}
                isReadOnly={readOnly}
              />
            </>
          )}
        />
        <h3>Attribute schema</h3>
        <Rows
          rows={value.attributeSchema}
          onChange={(rows) => set('attributeSchema', rows)}
          readOnly={readOnly}
          addLabel="Add attribute mapping"
          blank={{ source: '', prefix: '', key: '', delimiter: '' }}
          empty="No attributes are mapped."
          render={(row, i, update) => (
            <>
              <TextInput
                label={`Attribute source ${i + 1}`}
                value={row.source}
                onChange={(source) => update({ ...row, source })}
                isReadOnly={readOnly}
              />
              <TextInput
                label={`Attribute prefix ${i + 1}`}
                value={row.prefix}
                onChange={(prefix) => update({ ...row, prefix })}
                isReadOnly={readOnly}
              />
              <TextInput
                label={`Attribute key ${i + 1}`}
                value={row.key}
                onChange={(key) => update({ ...row, key })}
                isReadOnly={readOnly}
              />
              <TextInput
                label={`Delimiter ${i + 1}`}
                value={row.delimiter}
                onChange={(delimiter) => update({ ...row, delimiter })}
                isReadOnly={readOnly}
              />
            </>
          )}
        />
        <div className="options-row">
          {f.flag('syncGroups', 'Sync groups')}
          {f.flag('syncAttributes', 'Sync attributes')}
        </div>
      </fieldset>
      <fieldset>
        <legend>Matching and migration</legend>
        <div className="grid-2">
          {f.choice('userMatchingAttribute', 'User matching attribute', USER_MATCHING)}
          {f.choice('groupMatchingAttribute', 'Group matching attribute', GROUP_MATCHING)}
          {f.choice('migrateUsersFrom', 'Migrate users from', migrateOptions)}
        </div>
      </fieldset>
      <fieldset>
        <legend>External endpoint</legend>
        <div className="grid-2">
          {f.text('externalEndpointUrl', 'External endpoint URL', {
            type: 'url',
            description: 'Asked at each login for the user’s groups and attributes.',
          })}
          {f.text('externalEndpointTimeoutMs', 'External endpoint timeout (ms)', { type: 'number' })}
        </div>
      </fieldset>
    </>
  );
}

/** An editable list of rows with add and remove buttons. */
function Rows<R>({
  rows,
  onChange,
  readOnly,
  addLabel,
  blank,
  empty,
  render,
}: {
  rows: R[];
  onChange: (rows: R[]) => void;
  readOnly: boolean;
  addLabel: string;
  blank: R;
  empty: string;
  render: (row: R, index: number, update: (row: R) => void) => ReactNode;
}) {
  return (
    <div className="rows">
      {rows.length === 0 && <p className="muted">{empty}</p>}
      {rows.map((row, i) => (
        <div className="row-editor" key={i}>
          {render(row, i, (next) => onChange(rows.map((r, j) => (j === i ? next : r))))}
          {!readOnly && (
            <Button
              className="react-aria-Button quiet"
              aria-label={`Remove ${addLabel.replace(/^Add /, '')} ${i + 1}`}
              onPress={() => onChange(rows.filter((_, j) => j !== i))}
            >
              Remove
            </Button>
          )}
        </div>
      ))}
      {!readOnly && (
        <Button className="react-aria-Button quiet" onPress={() => onChange([...rows, blank])}>
          {addLabel}
        </Button>
      )}
    </div>
  );
}
