import type { IamForm, SecretsSet } from './iam-form-state.ts';
import { bindFields } from './bind-fields.tsx';

const BINDINGS = [
  { value: 'REDIRECT', label: 'HTTP Redirect' },
  { value: 'POST', label: 'HTTP POST' },
] as const;

/** The SAML IdP: where to send users, how to trust its responses, what it sends. */
export function SamlFields({
  value,
  onChange,
  readOnly,
  secrets,
}: {
  value: IamForm['saml'];
  onChange: (next: IamForm['saml']) => void;
  readOnly: boolean;
  secrets: SecretsSet;
}) {
  const f = bindFields(value, onChange, readOnly);
  return (
    <>
      <fieldset>
        <legend>Identity provider</legend>
        <div className="grid-2">
          {f.text('entryPoint', 'IdP SSO URL (entry point)', { type: 'url', description: 'Where Roster sends users to log in.' })}
          {f.text('idpIssuer', 'IdP entity ID (issuer)', { description: 'When set, responses of other issuers are refused.' })}
          {f.choice('requestBinding', 'AuthnRequest binding', BINDINGS)}
          {f.text('clockSkewSeconds', 'Clock skew (seconds)', { type: 'number' })}
        </div>
        {f.text('idpCertificate', 'IdP signing certificate (PEM)', { multiline: true, placeholder: '-----BEGIN CERTIFICATE-----' })}
        {f.flag('allowIdpInitiated', 'Allow IdP-initiated login')}
      </fieldset>
      <fieldset>
        <legend>What the IdP sends</legend>
        <div className="grid-2">
          {f.text('userIdAttribute', 'User ID attribute', { description: 'nameID, or the name of an attribute.' })}
          {f.text('groupAttribute', 'Group attribute')}
        </div>
      </fieldset>
      <fieldset>
        <legend>Roster as service provider</legend>
        {f.text('issuer', "Roster's entity ID", { description: "Entra's Identifier; Roster's metadata URL when empty." })}
        {f.flag('singleLogoutEnabled', 'Single logout')}
        {f.text('singleLogoutUrl', 'IdP single logout URL', { type: 'url' })}
        {f.text('signingCertificate', 'Signing certificate (PEM)', { multiline: true })}
        {f.secret('signingPrivateKey', 'Signing private key (PEM)', secrets.signingPrivateKey)}
        {f.text('decryptionCertificate', 'Decryption certificate (PEM)', { multiline: true })}
        {f.secret('decryptionPrivateKey', 'Decryption private key (PEM)', secrets.decryptionPrivateKey)}
      </fieldset>
    </>
  );
}
