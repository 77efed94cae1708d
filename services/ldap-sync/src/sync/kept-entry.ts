import { isSecretAttributeName } from '@roster/core';

/**
 * Binary attributes (photos, certificates, SIDs, security descriptors): ldapts reads them as
 * text, which garbles them. Never kept; objectGUID, the one binary attribute Roster reads, is
 * formatted as a GUID string when the entry is read.
 */
const BINARY = new Set([
  'jpegphoto',
  'thumbnailphoto',
  'thumbnaillogo',
  'photo',
  'audio',
  'objectsid',
  'sidhistory',
  'tokengroups',
  'usercertificate',
  'cacertificate',
  'usersmimecertificate',
  'userpkcs12',
  'crosscertificatepair',
  'certificaterevocationlist',
  'authorityrevocationlist',
  'x500uniqueidentifier',
  'msexchmailboxguid',
  'msexchmailboxsecuritydescriptor',
  'ntsecuritydescriptor',
  'logonhours',
  'ms-ds-consistencyguid',
  'msds-generationid',
  'usercert',
  'terminalserver',
  'msds-managedpasswordid',
]);

/** Decisions per attribute name: the same names come back in every entry of a directory. */
const keptNames = new Map<string, boolean>();

function keepsName(name: string): boolean {
  let keep = keptNames.get(name);
  if (keep === undefined) {
    const lower = name.toLowerCase();
    keep = !BINARY.has(lower.split(';')[0]!) && !lower.includes(';binary') && !isSecretAttributeName(name);
    if (keptNames.size < 10_000) keptNames.set(name, keep);
  }
  return keep;
}

/**
 * A directory entry's attributes as Roster keeps them (User.sourceAttributes): as fetched, each
 * with its values, except password-like attributes (userPassword, unicodePwd, pwd*, ...) and
 * binary ones — named above, or any whose values hold U+FFFD or U+0000, the marks of bytes
 * read as text. The value arrays are the entry's own (not copied).
 */
export function keptEntryAttributes(attributes: Readonly<Record<string, string[]>>): Record<string, string[]> {
  const kept: Record<string, string[]> = {};
  for (const name in attributes) {
    const values = attributes[name]!;
    if (keepsName(name) && !values.some(isBinaryText)) kept[name] = values;
  }
  return kept;
}

function isBinaryText(value: string): boolean {
  return value.includes('\uFFFD') || value.includes('\u0000');
}
