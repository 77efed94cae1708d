/** @roster/sso/testing: real protocol peers for login tests (an OpenID Provider, a SAML IdP). */
export { startOidcTestProvider, type OidcTestProvider } from './oidc-test-provider.ts';
export { makeKeyAndCertificate, SamlTestIdp, type AssertionOverrides, type SamlTestSigning } from './saml-test-idp.ts';
