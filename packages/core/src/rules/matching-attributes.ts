import { RosterError } from '../errors.ts';

import type { GroupMatchingAttribute, UserMatchingAttribute } from './iam-vocabulary.ts';

export {
  GROUP_MATCHING_ATTRIBUTES,
  USER_MATCHING_ATTRIBUTES,
  type GroupMatchingAttribute,
  type UserMatchingAttribute,
} from './iam-vocabulary.ts';

const USER_ATTRIBUTES: Readonly<Record<string, UserMatchingAttribute>> = {
  id: 'id',
  username: 'userName',
  email: 'email',
  displayname: 'displayName',
  'emails[typeeq"work"].value': 'workEmail',
  // The stored (canonical) name, so stored settings parse again.
  workemail: 'workEmail',
};

const GROUP_ATTRIBUTES: Readonly<Record<string, GroupMatchingAttribute>> = { id: 'id', displayname: 'displayName' };

/**
 * Parses a user matching attribute as IdPs name it (Okta: id, userName, email; Entra also
 * displayName and `emails[type eq "work"].value`). Names are case-insensitive (RFC 7643 §2.1);
 * anything else is a configuration error.
 */
export function parseUserMatchingAttribute(name: string): UserMatchingAttribute {
  return parse(name, USER_ATTRIBUTES, 'users');
}

/** Parses a group matching attribute: `id` or `displayName`; anything else is rejected. */
export function parseGroupMatchingAttribute(name: string): GroupMatchingAttribute {
  return parse(name, GROUP_ATTRIBUTES, 'groups');
}

function parse<T extends string>(name: string, table: Readonly<Record<string, T>>, what: string): T {
  // Only whitespace and the quote style vary in practice: `emails[type eq 'work'].value`.
  const key = name.replace(/\s+/g, '').replace(/'/g, '"').toLowerCase();
  const match = Object.hasOwn(table, key) ? table[key] : undefined;
  if (match === undefined) {
    throw new RosterError(
      'INVALID_MATCHING_ATTRIBUTE',
      `"${name}" cannot match ${what}; use one of: ${[...new Set(Object.values(table))].map(label).join(', ')}.`,
      { details: { attribute: name } },
    );
  }
  return match;
}

function label(attribute: string): string {
  return attribute === 'workEmail' ? 'emails[type eq "work"].value' : attribute;
}
