import type { IamForm, SecretsSet } from './iam-form-state.ts';
import { bindFields } from './bind-fields.tsx';

/** The OpenID Provider: discovery or its endpoints, the client, the claims. */
export function OidcFields({
  value,
  onChange,
  readOnly,
  secrets,
}: {
  value: IamForm['oidc'];
  onChange: (next: IamForm['oidc']) => void;
  readOnly: boolean;
  secrets: SecretsSet;
}) {
  const f = bindFields(value, onChange, readOnly);
  return (
    <>
      <fieldset>
        <legend>Provider</legend>
        {f.text('discoveryUrl', 'Discovery URL', {
          type: 'url',
          placeholder: 'https://idp.example.com/.well-known/openid-configuration',
          description: 'Or leave empty and enter the endpoints below.',
        })}
        <div className="grid-2">
          {f.text('issuer', 'Issuer')}
          {f.text('authorizationEndpoint', 'Authorization endpoint', { type: 'url' })}
          {f.text('tokenEndpoint', 'Token endpoint', { type: 'url' })}
          {f.text('userinfoEndpoint', 'Userinfo endpoint', { type: 'url' })}
          {f.text('jwksUri', 'JWKS URI', { type: 'url' })}
        </div>
        {f.flag('allowInsecureRequests', 'Allow insecure (http) requests to the provider')}
      </fieldset>
      <fieldset>
        <legend>Client</legend>
        <div className="grid-2">
          {f.text('clientId', 'Client ID')}
          {f.secret('clientSecret', 'Client secret', secrets.clientSecret)}
          {f.text('scopes', 'Scopes', { description: 'Separated by spaces.' })}
          {f.text('userIdClaim', 'User ID claim')}
          {f.text('groupsClaim', 'Groups claim')}
        </div>
        {f.flag('allowIdpInitiated', 'Allow IdP-initiated login')}
      </fieldset>
    </>
  );
}
