import { describe, expect, it } from 'vitest';
import { SamlRefusal } from './saml-refusal.ts';
import { coveredAssertion, inspectSamlLogoutMessage, inspectSamlResponse } from './saml-response-shape.ts';

// The structure rules on hand-written documents, for the cases a real IdP response does not reach
// (see saml-signature-wrapping.test.ts for attacks on real signed responses).

const NS =
  'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"';
const signature = (...uris: string[]) =>
  `<ds:Signature><ds:SignedInfo>${uris.map((uri) => `<ds:Reference URI="${uri}"/>`).join('')}</ds:SignedInfo></ds:Signature>`;
const assertion = (id: string, inner = '') => `<saml:Assertion ID="${id}"><saml:Issuer>idp</saml:Issuer>${inner}</saml:Assertion>`;
const response = (inner: string, id = '_r') => `<samlp:Response ${NS} ID="${id}"><saml:Issuer>idp</saml:Issuer>${inner}</samlp:Response>`;

function refusalOf(work: () => unknown): { code: string; message: string } {
  try {
    work();
  } catch (error) {
    if (error instanceof SamlRefusal) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('not refused');
}

describe('inspectSamlResponse', () => {
  it('finds the one assertion, plain or encrypted, or none', () => {
    expect(inspectSamlResponse(response(assertion('_a', signature('#_a'))))).toEqual({ assertion: 'plain', assertionId: '_a' });
    expect(inspectSamlResponse(response(signature('#_r') + assertion('_a')))).toEqual({ assertion: 'plain', assertionId: '_a' });
    expect(
      inspectSamlResponse(
        response(signature('#_r') + '<saml:EncryptedAssertion><x:EncryptedData xmlns:x="urn:x"/></saml:EncryptedAssertion>'),
      ),
    ).toEqual({ assertion: 'encrypted' });
    expect(inspectSamlResponse(response('<samlp:Status/>'))).toEqual({ assertion: 'none' });
  });

  it.each([
    ['two assertions', response(assertion('_a', signature('#_a')) + assertion('_b')), 'SAML_MULTIPLE_ASSERTIONS'],
    [
      'an assertion and an encrypted one',
      response(assertion('_a', signature('#_a')) + '<saml:EncryptedAssertion/>'),
      'SAML_MULTIPLE_ASSERTIONS',
    ],
    [
      'a look-alike Assertion in another namespace',
      response(assertion('_a', signature('#_a')) + '<x:Assertion xmlns:x="urn:evil" ID="_x"/>'),
      'SAML_MULTIPLE_ASSERTIONS',
    ],
    ['an assertion nested in the signed one', response(assertion('_a', signature('#_a') + assertion('_b'))), 'SAML_MULTIPLE_ASSERTIONS'],
    [
      'an assertion not directly in the Response',
      response(`<samlp:Extensions>${assertion('_a', signature('#_a'))}</samlp:Extensions>`),
      'SAML_ASSERTION_NOT_SIGNED',
    ],
    ['an assertion signature referencing another element', response(assertion('_a', signature('#_r'))), 'SAML_ASSERTION_NOT_SIGNED'],
    ['a response signature referencing the assertion', response(signature('#_a') + assertion('_a')), 'SAML_ASSERTION_NOT_SIGNED'],
    ['a signature referencing the whole document', response(signature('') + assertion('_a')), 'SAML_ASSERTION_NOT_SIGNED'],
    ['a signature with two references', response(assertion('_a', signature('#_a', '#_r'))), 'SAML_ASSERTION_NOT_SIGNED'],
    [
      'a signature outside the Response and Assertion',
      response(`<samlp:Extensions><e:Thing xmlns:e="urn:e">${signature('#_a')}</e:Thing></samlp:Extensions>${assertion('_a')}`),
      'SAML_ASSERTION_NOT_SIGNED',
    ],
    [
      'the signed ID carried by a second element',
      response(`<samlp:Extensions><e:Thing xmlns:e="urn:e" Id="_a"/></samlp:Extensions>${assertion('_a', signature('#_a'))}`),
      'SAML_ASSERTION_NOT_SIGNED',
    ],
    ['a signature in another namespace', response(assertion('_a', '<x:Signature xmlns:x="urn:evil"/>')), 'SAML_ASSERTION_NOT_SIGNED'],
    ['another root element', `<samlp:LogoutResponse ${NS} ID="_r"/>`, 'SAML_REFUSED'],
    ['XML that is not well-formed', response(assertion('_a')).slice(0, -5), 'SAML_REFUSED'],
  ])('refuses %s', (_name, xml, code) => {
    expect(refusalOf(() => inspectSamlResponse(xml)).code).toBe(code);
  });
});

describe('coveredAssertion', () => {
  const signed = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a"><saml:Issuer>idp</saml:Issuer></saml:Assertion>`;

  it('returns what the signature covers when it is the expected assertion', () => {
    expect(coveredAssertion(signed, '_a')).toBe(signed);
  });

  it.each([
    ['nothing', null, '_a'],
    ['another assertion', signed, '_b'],
    ['a Response', `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_a"/>`, '_a'],
    ['an assertion holding another', signed.replace('</saml:Assertion>', '<saml:Assertion ID="_b"/></saml:Assertion>'), '_a'],
  ])('refuses a signature covering %s', (_name, covered, expectedId) => {
    expect(refusalOf(() => coveredAssertion(covered, expectedId)).code).toBe('SAML_ASSERTION_NOT_SIGNED');
  });
});

describe('inspectSamlLogoutMessage', () => {
  const nameId = '<saml:NameID>ada@corp.com</saml:NameID><samlp:SessionIndex>_s1</samlp:SessionIndex>';
  const logoutRequest = (inner: string, id = '_l') =>
    `<samlp:LogoutRequest ${NS} ID="${id}"><saml:Issuer>idp</saml:Issuer>${inner}</samlp:LogoutRequest>`;
  const forged = (inner: string) => logoutRequest(inner + '<saml:NameID>victim@corp.com</saml:NameID>', '_forged');

  it('returns the message its signature covers: the root without the signature', () => {
    const covered = inspectSamlLogoutMessage(logoutRequest(signature('#_l') + nameId), 'LogoutRequest');
    expect(covered).toBe(logoutRequest(nameId));
    expect(
      inspectSamlLogoutMessage(
        `<samlp:LogoutResponse ${NS} ID="_r" InResponseTo="_q">${signature('#_r')}<samlp:Status/></samlp:LogoutResponse>`,
        'LogoutResponse',
      ),
    ).not.toContain('Signature');
  });

  it.each([
    [
      "a second LogoutRequest in the signature's ds:Object",
      forged(signature('#_l').replace('</ds:Signature>', `<ds:Object>${logoutRequest(nameId)}</ds:Object></ds:Signature>`)),
      'SAML_MESSAGE_NOT_SIGNED',
    ],
    [
      'a second LogoutRequest in Extensions',
      forged(`${signature('#_l')}<samlp:Extensions><e:W xmlns:e="urn:e">${logoutRequest(nameId)}</e:W></samlp:Extensions>`),
      'SAML_MESSAGE_NOT_SIGNED',
    ],
    [
      'a look-alike LogoutRequest in another namespace',
      logoutRequest(`${signature('#_l')}<samlp:Extensions><x:LogoutRequest xmlns:x="urn:evil"/></samlp:Extensions>${nameId}`),
      'SAML_MESSAGE_NOT_SIGNED',
    ],
    [
      'a signature referencing another element',
      forged(`${signature('#_a')}<samlp:Extensions>${assertion('_a')}</samlp:Extensions>`),
      'SAML_MESSAGE_NOT_SIGNED',
    ],
    ['a signature referencing the whole document', logoutRequest(signature('') + nameId), 'SAML_MESSAGE_NOT_SIGNED'],
    ['a signature with two references', logoutRequest(signature('#_l', '#_l') + nameId), 'SAML_MESSAGE_NOT_SIGNED'],
    [
      'a signature not directly in the LogoutRequest',
      logoutRequest(`<samlp:Extensions><e:W xmlns:e="urn:e">${signature('#_l')}</e:W></samlp:Extensions>${nameId}`),
      'SAML_MESSAGE_NOT_SIGNED',
    ],
    [
      'a second signature referencing another element',
      logoutRequest(signature('#_l') + signature('#_x') + nameId),
      'SAML_MESSAGE_NOT_SIGNED',
    ],
    [
      'the signed ID carried by a second element',
      logoutRequest(`${signature('#_l')}<samlp:Extensions><e:W xmlns:e="urn:e" id="_l"/></samlp:Extensions>${nameId}`),
      'SAML_MESSAGE_NOT_SIGNED',
    ],
    ['a signature in another namespace', logoutRequest('<x:Signature xmlns:x="urn:evil"/>' + nameId), 'SAML_MESSAGE_NOT_SIGNED'],
    ['a LogoutResponse where a LogoutRequest is expected', `<samlp:LogoutResponse ${NS} ID="_r"/>`, 'SAML_REFUSED'],
    ['XML that is not well-formed', logoutRequest(nameId).slice(0, -5), 'SAML_REFUSED'],
  ])('refuses %s', (_name, xml, code) => {
    expect(refusalOf(() => inspectSamlLogoutMessage(xml, 'LogoutRequest')).code).toBe(code);
  });
});
