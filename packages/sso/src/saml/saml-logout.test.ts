import { describe, expect, it } from 'vitest';
import { readRedirectQuery } from './saml-logout.ts';

describe('readRedirectQuery', () => {
  it('decodes the SAML parameters and keeps the signed part exactly as sent, in the order SAML bindings §3.4.4.1 signs it', () => {
    const message = readRedirectQuery('Signature=c2ln%2B&SigAlg=rsa%3Asha256&other=1&RelayState=%2Fhome&SAMLRequest=ab%2Bc%3D');
    expect(message.fields).toEqual({ Signature: 'c2ln+', SigAlg: 'rsa:sha256', RelayState: '/home', SAMLRequest: 'ab+c=' });
    expect(message.octetString).toBe('SAMLRequest=ab%2Bc%3D&RelayState=%2Fhome&SigAlg=rsa%3Asha256');
  });

  it.each([
    ['SAMLRequest=forged&SAMLRequest=signed&SigAlg=a&Signature=s'],
    ['SAML%52equest=forged&SAMLRequest=signed&SigAlg=a&Signature=s'],
    ['SAMLResponse=signed&RelayState=%2F&RelayState=%2Fother&SigAlg=a&Signature=s'],
    ['SAMLRequest=signed&SigAlg=a&Signature=s&Signature=t'],
  ])('refuses a repeated SAML parameter: %s', (query) => {
    expect(() => readRedirectQuery(query)).toThrow(expect.objectContaining({ name: 'SamlRefusal', code: 'SAML_MESSAGE_NOT_SIGNED' }));
  });
});
