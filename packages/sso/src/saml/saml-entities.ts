import samlify from 'samlify';
import type { Iam, Roster, SamlConfig } from '@roster/core';
import { validateSamlXml } from './xml-schema-validator.ts';

// Every SAML message Roster parses is first validated against the SAML 2.0 XML schemas.
samlify.setSchemaValidator({ validate: validateSamlXml });

const { Constants } = samlify;
const REDIRECT = Constants.namespace.binding.redirect;
const POST = Constants.namespace.binding.post;

/** A SAML IAM. */
export type SamlIam = Iam & { readonly type: 'SAML'; readonly config: SamlConfig };

/** Roster's endpoints for one SAML IAM, as the IdP administrator enters them. */
export interface SamlSpUrls {
  readonly entityId: string;
  readonly metadata: string;
  /** The assertion consumer service: the SSO callback URL. */
  readonly acs: string;
  /** Where the IdP sends LogoutRequests and LogoutResponses (the "SLO binding URL"). */
  readonly slo: string;
}

/** Roster's SAML endpoints under PUBLIC_URL for an IAM. */
export function samlSpUrls(publicUrl: string, iam: { readonly id: string; readonly config: SamlConfig }): SamlSpUrls {
  const base = `${publicUrl}/bim/iam/${iam.id}`;
  return {
    entityId: iam.config.issuer ?? `${base}/saml/metadata`,
    metadata: `${base}/saml/metadata`,
    acs: `${base}/user/authenticate/callback`,
    slo: `${base}/saml/slo`,
  };
}

/** samlify's two parties for one IAM: Roster as service provider, and the configured IdP. */
export interface SamlEntities {
  readonly sp: ReturnType<typeof samlify.ServiceProvider>;
  readonly idp: ReturnType<typeof samlify.IdentityProvider>;
  readonly urls: SamlSpUrls;
  /** The IdP's single logout URL (configured, else its SSO URL). */
  readonly idpLogoutUrl: string | undefined;
}

/**
 * Builds the service provider and identity provider for an IAM from its configuration, opening
 * its sealed keys. Requests are signed when a signing key is configured; assertions must be
 * signed by the IdP's certificate; logout messages must be signed both ways. `messageIssuer` is
 * the issuer named by the message being parsed, used when no IdP entity ID is configured.
 */
export async function samlEntities(
  iam: SamlIam,
  publicUrl: string,
  secrets: Pick<Roster, 'openIamSecret'>,
  messageIssuer?: string,
): Promise<SamlEntities> {
  const { config } = iam;
  const urls = samlSpUrls(publicUrl, iam);
  const signingKey = await secrets.openIamSecret(iam, 'signingPrivateKey');
  const decryptionKey = await secrets.openIamSecret(iam, 'decryptionPrivateKey');
  const skewMs = config.clockSkewSeconds * 1000;
  const sp = samlify.ServiceProvider({
    entityID: urls.entityId,
    assertionConsumerService: [{ Binding: POST, Location: urls.acs }],
    singleLogoutService: config.singleLogout.enabled
      ? [
          { Binding: REDIRECT, Location: urls.slo },
          { Binding: POST, Location: urls.slo },
        ]
      : [],
    authnRequestsSigned: signingKey !== null,
    wantAssertionsSigned: true,
    wantLogoutRequestSigned: true,
    wantLogoutResponseSigned: true,
    ...(signingKey ? { privateKey: signingKey, ...(config.signingCertificate ? { signingCert: config.signingCertificate } : {}) } : {}),
    ...(decryptionKey
      ? { encPrivateKey: decryptionKey, ...(config.decryptionCertificate ? { encryptCert: config.decryptionCertificate } : {}) }
      : {}),
    isAssertionEncrypted: decryptionKey !== null,
    clockDrifts: [-skewMs, skewMs],
    nameIDFormat: [Constants.namespace.format.unspecified],
  });
  const idpLogoutUrl = config.singleLogout.url ?? config.entryPoint;
  const idp = samlify.IdentityProvider({
    // Without a configured IdP entity ID the message's own issuer is taken; the signature by the
    // configured certificate is what establishes trust.
    entityID: config.idpIssuer ?? messageIssuer ?? '',
    ...(config.idpCertificate ? { signingCert: config.idpCertificate } : {}),
    singleSignOnService: config.entryPoint
      ? [
          { Binding: REDIRECT, Location: config.entryPoint },
          { Binding: POST, Location: config.entryPoint },
        ]
      : [],
    singleLogoutService: idpLogoutUrl
      ? [
          { Binding: REDIRECT, Location: idpLogoutUrl },
          { Binding: POST, Location: idpLogoutUrl },
        ]
      : [],
    wantAuthnRequestsSigned: signingKey !== null,
    // What Roster sends the IdP is signed when Roster has a signing key.
    wantLogoutRequestSigned: signingKey !== null,
    wantLogoutResponseSigned: signingKey !== null,
    isAssertionEncrypted: decryptionKey !== null,
  });
  return { sp, idp, urls, idpLogoutUrl };
}

export { samlify, REDIRECT, POST };
