import type { IamForm, SecretsSet } from './iam-form-state.ts';
import { bindFields } from './bind-fields.tsx';

const MEMBERSHIPS = [
  { value: 'MEMBER', label: 'member (groupOfNames)' },
  { value: 'UNIQUE_MEMBER', label: 'uniqueMember (groupOfUniqueNames)' },
  { value: 'MEMBER_UID', label: 'memberUid (posixGroup)' },
  { value: 'MEMBER_OF', label: 'memberOf (on the user)' },
] as const;

/** The directory: connection, bind, where users and groups are, and the sync. */
export function LdapFields({
  value,
  onChange,
  readOnly,
  secrets,
}: {
  value: IamForm['ldap'];
  onChange: (next: IamForm['ldap']) => void;
  readOnly: boolean;
  secrets: SecretsSet;
}) {
  const f = bindFields(value, onChange, readOnly);
  const s = bindFields(value.sync, (sync) => onChange({ ...value, sync }), readOnly);
  return (
    <>
      <fieldset>
        <legend>Connection</legend>
        {f.text('url', 'LDAP URL', { placeholder: 'ldaps://ldap.example.com:636' })}
        <div className="options-row">
          {f.flag('startTls', 'StartTLS')}
          {f.flag('tlsVerify', 'Verify the TLS certificate')}
        </div>
        {f.text('caCertificate', 'CA certificate (PEM)', { multiline: true })}
        <div className="grid-2">
          {f.text('bindDn', 'Bind DN')}
          {f.secret('bindPassword', 'Bind password', secrets.bindPassword)}
        </div>
      </fieldset>
      <fieldset>
        <legend>Users and groups</legend>
        <div className="grid-2">
          {f.text('userBaseDn', 'User base DN')}
          {f.text('userFilter', 'User filter')}
          {f.text('userIdAttribute', 'User ID attribute')}
          {f.text('groupBaseDn', 'Group base DN')}
          {f.text('groupFilter', 'Group filter')}
          {f.text('groupNameAttribute', 'Group name attribute')}
          {f.choice('membership', 'Group membership schema', MEMBERSHIPS)}
        </div>
      </fieldset>
      <fieldset>
        <legend>Directory sync</legend>
        {s.flag('enabled', 'Sync on a schedule')}
        <div className="grid-2">
          {s.text('schedule', 'Schedule (cron)', { description: 'Hourly by default: 0 * * * *' })}
          {s.text('fullSyncIntervalHours', 'Full sync every (hours)', { type: 'number' })}
          {s.text('pageSize', 'Page size', { type: 'number' })}
          {s.text('deactivationLimitPercent', 'Deactivation limit (%)', {
            type: 'number',
            description: 'A sync that would deactivate more of the users fails instead.',
          })}
          {s.text('userFilter', 'Sync user filter', { description: 'Synced users match this and the user filter.' })}
        </div>
        {s.flag('pagingEnabled', 'Paged searches')}
      </fieldset>
    </>
  );
}
