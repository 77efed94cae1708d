import type { FormEvent, ReactNode } from 'react';
import { Button, Form } from 'react-aria-components';
import { bindFields } from './bind-fields.tsx';
import type { IamForm as IamFormValue, IamType, SecretsSet } from './iam-form-state.ts';
import { LdapFields } from './ldap-fields.tsx';
import { OidcFields } from './oidc-fields.tsx';
import { SamlFields } from './saml-fields.tsx';
import { SettingsFields } from './settings-fields.tsx';

/** Every setting of an IAM of one type, as on Add IAM and on the IAM's Settings tab. */
export function IamForm({
  type,
  value,
  onChange,
  readOnly,
  isNew,
  secrets,
  iamChoices,
  onSubmit,
  submitLabel,
  isSaving,
  feedback,
  extraActions,
}: {
  type: IamType;
  value: IamFormValue;
  onChange: (next: IamFormValue) => void;
  readOnly: boolean;
  isNew: boolean;
  secrets: SecretsSet;
  iamChoices: readonly { id: string; displayName: string }[];
  onSubmit: () => void;
  submitLabel: string;
  isSaving: boolean;
  /** The API's answer to the last save (an ErrorView, a notice). */
  feedback?: ReactNode;
  /** Beside Save: e.g. a test login with the settings as they are in the form. */
  extraActions?: ReactNode;
}) {
  const f = bindFields(value, onChange, readOnly);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Form className="iam-form" onSubmit={submit} aria-label={isNew ? 'New IAM settings' : 'IAM settings'}>
      <fieldset>
        <legend>General</legend>
        <div className="grid-2">
          {f.text('displayName', 'Display name', { isRequired: true })}
          {isNew ? f.text('id', 'IAM ID', { description: 'Derived from the display name when empty; never changes.' }) : null}
        </div>
        <div className="options-row">
          {f.flag('enabled', 'Enabled')}
          {isNew && (type === 'SAML' || type === 'OIDC') && f.flag('scimEnabled', 'SCIM provisioning')}
        </div>
      </fieldset>
      {type === 'SAML' && (
        <SamlFields value={value.saml} onChange={(saml) => onChange({ ...value, saml })} readOnly={readOnly} secrets={secrets} />
      )}
      {type === 'OIDC' && (
        <OidcFields value={value.oidc} onChange={(oidc) => onChange({ ...value, oidc })} readOnly={readOnly} secrets={secrets} />
      )}
      {type === 'LDAP' && (
        <LdapFields value={value.ldap} onChange={(ldap) => onChange({ ...value, ldap })} readOnly={readOnly} secrets={secrets} />
      )}
      <SettingsFields
        value={value.settings}
        onChange={(settings) => onChange({ ...value, settings })}
        readOnly={readOnly}
        iamChoices={iamChoices}
      />
      {feedback}
      {!readOnly && (
        <div className="actions">
          <Button type="submit" className="react-aria-Button primary" isDisabled={isSaving}>
            {isSaving ? 'Saving…' : submitLabel}
          </Button>
          {extraActions}
        </div>
      )}
    </Form>
  );
}
