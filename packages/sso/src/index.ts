/** @roster/sso: single sign-on protocol code. */
export { testOidcConnection } from './test-oidc-connection.ts';
export { beginOidcLogin, completeOidcLogin, type PendingOidcLogin } from './oidc-login.ts';
export { loadOidcConfiguration } from './oidc-configuration.ts';
export { testSamlConfiguration } from './test-saml-configuration.ts';
export type { ConnectionStep } from './connection-step.ts';
export { createSsoApp, SESSION_COOKIE, type SsoAppOptions } from './http/create-sso-app.ts';
export type { RefusalCode } from './http/sso-route-context.ts';
export { samlSpUrls, type SamlSpUrls } from './saml/saml-entities.ts';
export { withExternalGroupsAndAttributes } from './external-lookup.ts';
export { startTestUserLogin, type TestUserLogin } from './http/test-login.ts';
export { CSRF_HEADER, passesCsrfCheck } from './http/csrf.ts';
