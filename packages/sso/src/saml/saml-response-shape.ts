import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { SamlRefusal } from './saml-refusal.ts';

const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
/** The attributes xml-crypto (samlify's verifier) resolves a same-document reference `#id` against. */
const ID_ATTRIBUTES = new Set(['ID', 'Id', 'id']);

/** Where a login response keeps its one assertion, as far as the XML structure tells. */
export type SamlResponseShape =
  { readonly assertion: 'none' } | { readonly assertion: 'plain'; readonly assertionId: string } | { readonly assertion: 'encrypted' };

/**
 * Parses a SAML message with the XML parser samlify and xml-crypto use (@xmldom/xmldom), so that
 * Roster sees the same tree they verify; any parser error or warning refuses the message.
 */
export function parseSamlXml(xml: string): Document {
  let problem: string | null = null;
  const record = (message: string) => {
    problem ??= message;
  };
  const doc = new DOMParser({ errorHandler: { warning: record, error: record, fatalError: record } }).parseFromString(xml, 'text/xml');
  if (problem !== null || !doc?.documentElement) throw new SamlRefusal('the message is not well-formed XML');
  return doc;
}

// samlify reads assertions and signatures by local name only, whatever their namespace, so
// they are counted that way here: a look-alike in another namespace is just as dangerous.
const elementsNamed = (root: Document | Element, localName: string): Element[] => Array.from(root.getElementsByTagNameNS('*', localName));
const childElements = (parent: Element, namespace: string, localName: string): Element[] =>
  Array.from(parent.childNodes).filter(
    (node): node is Element =>
      node.nodeType === 1 && (node as Element).namespaceURI === namespace && (node as Element).localName === localName,
  );
/** A refusal naming what the signature fails to cover, with the code of the message kind. */
type NotCovered = (why: string) => SamlRefusal;
const notCovered: NotCovered = (why) =>
  new SamlRefusal(`the assertion is not covered by the signature: ${why}`, 'SAML_ASSERTION_NOT_SIGNED');
const messageNotCovered: NotCovered = (why) =>
  new SamlRefusal(`the logout message is not covered by its signature: ${why}`, 'SAML_MESSAGE_NOT_SIGNED');

/** How many elements carry each value of an ID-like attribute. */
function idCounts(doc: Document): Map<string, number> {
  const counts = new Map<string, number>();
  for (const element of elementsNamed(doc, '*')) {
    for (const attribute of Array.from(element.attributes)) {
      if (ID_ATTRIBUTES.has(attribute.localName ?? attribute.name)) counts.set(attribute.value, (counts.get(attribute.value) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * Checks that a signature is enveloped in the element it signs: SAML core §5.4.2 wants a single
 * `<ds:Reference>` to the ID of the signed assertion or message, and that ID must name exactly
 * one element, so the reference cannot be resolved to a copy placed elsewhere.
 */
function checkEnveloped(signature: Element, signed: Element, ids: Map<string, number>, refuse: NotCovered): void {
  const signedInfo = childElements(signature, DSIG, 'SignedInfo');
  const references = signedInfo.length === 1 ? childElements(signedInfo[0]!, DSIG, 'Reference') : [];
  if (signature.namespaceURI !== DSIG || references.length !== 1)
    throw refuse(`a ${signed.localName} signature must hold exactly one reference`);
  const id = signed.getAttribute('ID') ?? '';
  if (id === '' || references[0]!.getAttribute('URI') !== `#${id}`)
    throw refuse(`the ${signed.localName} signature references another element than the ${signed.localName} it is in`);
  if (ids.get(id) !== 1) throw refuse(`more than one element has the ID the ${signed.localName} signature references`);
}

/** The root element of a SAML 2.0 protocol message of the expected kind, else a refusal. */
function messageRoot(doc: Document, kind: string): Element {
  const root = doc.documentElement;
  if (root.namespaceURI !== PROTOCOL || root.localName !== kind) throw new SamlRefusal(`the message is not a SAML 2.0 ${kind}`);
  return root;
}

/**
 * The structure of a login response, checked before any signature is: at most one Assertion or
 * EncryptedAssertion anywhere in the document, a direct child of the root Response, and every
 * signature enveloped in the Response or in that Assertion, referencing it (see checkEnveloped).
 * Extra assertions are how XML signature wrapping attacks start, so they are refused outright.
 */
export function inspectSamlResponse(xml: string): SamlResponseShape {
  const doc = parseSamlXml(xml);
  const root = messageRoot(doc, 'Response');
  const assertions = [...elementsNamed(doc, 'Assertion'), ...elementsNamed(doc, 'EncryptedAssertion')];
  if (assertions.length > 1) {
    throw new SamlRefusal(
      `the response holds ${assertions.length} assertions (Assertion or EncryptedAssertion elements); Roster accepts exactly one`,
      'SAML_MULTIPLE_ASSERTIONS',
    );
  }
  const [assertion] = assertions;
  if (!assertion) return { assertion: 'none' };
  if (assertion.parentNode !== root || assertion.namespaceURI !== ASSERTION)
    throw notCovered('the assertion is not a direct child of the Response');
  const encrypted = assertion.localName === 'EncryptedAssertion';
  const ids = idCounts(doc);
  for (const signature of elementsNamed(doc, 'Signature')) {
    const parent = signature.parentNode;
    if (parent === root || (parent === assertion && !encrypted)) checkEnveloped(signature, parent as Element, ids, notCovered);
    else throw notCovered('a signature sits elsewhere than in the Response or the Assertion');
  }
  return encrypted ? { assertion: 'encrypted' } : { assertion: 'plain', assertionId: assertion.getAttribute('ID') ?? '' };
}

/**
 * Checks what a verified signature covers (the canonical XML xml-crypto digested, as samlify
 * hands it back): it must be exactly the assertion `inspectSamlResponse` found, by its ID, and
 * hold no assertion of its own. Returns it, for the user's data to be read from it and nothing else.
 */
export function coveredAssertion(signed: string | null, expectedId: string): string {
  if (signed === null) throw notCovered('the verified signature covers no assertion');
  const doc = parseSamlXml(signed);
  const root = doc.documentElement;
  if (
    root.namespaceURI !== ASSERTION ||
    root.localName !== 'Assertion' ||
    root.getAttribute('ID') !== expectedId ||
    elementsNamed(root, 'Assertion').length !== 0
  ) {
    throw notCovered('the verified signature covers another element than the assertion of the response');
  }
  return signed;
}

/** The single logout messages Roster receives (SAML core §3.7). */
export type SamlLogoutMessageKind = 'LogoutRequest' | 'LogoutResponse';

/**
 * The structure of a logout message received over HTTP-POST, checked before its signature is, by
 * the rules login responses follow: exactly one element of its kind in the document (the root; a
 * look-alike in another namespace counts too), and every signature a direct child of the root,
 * referencing the root by an ID no other element carries (see checkEnveloped). Then the one
 * signature samlify verifies covers the root, and an IdP-signed element wrapped into a forged
 * message (samlify issue #634) is refused. Returns what that signature covers, the root without
 * its signatures (the enveloped-signature transform, XML-DSig §6.6.4), for the NameID,
 * SessionIndex and InResponseTo to be read from it and nothing else.
 */
export function inspectSamlLogoutMessage(xml: string, kind: SamlLogoutMessageKind): string {
  const doc = parseSamlXml(xml);
  const root = messageRoot(doc, kind);
  const messages = elementsNamed(doc, kind).length;
  if (messages !== 1) throw messageNotCovered(`the document holds ${messages} ${kind} elements; Roster accepts exactly one`);
  const ids = idCounts(doc);
  const signatures = elementsNamed(doc, 'Signature');
  for (const signature of signatures) {
    if (signature.parentNode !== root) throw messageNotCovered(`a signature sits elsewhere than directly in the ${kind}`);
    checkEnveloped(signature, root, ids, messageNotCovered);
  }
  for (const signature of signatures) root.removeChild(signature);
  return new XMLSerializer().serializeToString(root);
}
