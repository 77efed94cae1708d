import type { Iam, UserQueryField } from '@roster/core';
import type { AttrPath } from '../filter/filter-ast.ts';
import type { FieldResolver, ResolvedField } from '../filter/to-query.ts';
import { URN } from './schema-urns.ts';
import { extensionPrefixes } from '../users/user-extensions.ts';

type Field = ResolvedField<UserQueryField>;
const f = (field: UserQueryField, caseExact = false): Field => ({ field, caseExact });

// RFC 7643 §4.1: id and externalId are caseExact; names, emails, title and phone numbers are not
// (the caseExact flags /Schemas advertises).
const CORE: Readonly<Record<string, Field>> = {
  id: f('id', true),
  username: f('userName'),
  externalid: f('externalId', true),
  displayname: f('displayName'),
  'name.givenname': f('givenName'),
  'name.familyname': f('familyName'),
  active: f('active'),
  'meta.created': f('createdAt'),
  'meta.lastmodified': f('updatedAt'),
  title: f('profile.title'),
  emails: f('email.value'),
  'emails.value': f('email.value'),
  'emails.type': f('email.type'),
  'emails.primary': f('email.primary'),
  'phonenumbers.value': f('profile.phoneNumber'),
  groups: f('group.id', true),
  'groups.value': f('group.id', true),
};
// RFC 7643 §4.3: enterprise attributes are not caseExact.
const ENTERPRISE_PROFILE: Readonly<Record<string, Field>> = {
  department: f('profile.department'),
  organization: f('profile.organization'),
};
const MEMBERS: Readonly<Record<string, Readonly<Record<string, Field>>>> = {
  email: { value: f('email.value'), type: f('email.type'), primary: f('email.primary') },
  group: { value: f('group.id', true) },
};

/** Resolves User attribute paths of this IAM, including its extension schema URNs. */
export function userFieldResolver(iam: Iam): FieldResolver<UserQueryField> {
  const prefixes = extensionPrefixes(iam);
  return {
    field(path: AttrPath) {
      const key = [path.name, path.sub].filter(Boolean).join('.').toLowerCase();
      const uri = path.uri?.toLowerCase() ?? null;
      if (uri === null || uri === URN.user.toLowerCase()) return CORE[key] ?? null;
      const prefix = prefixes.get(uri);
      // The enterprise manager is complex (RFC 7643 §4.3): its id, manager.value, is stored as
      // <prefix>.manager and compared exactly, as ids are.
      if (prefix && uri === URN.enterprise.toLowerCase() && key === 'manager.value')
        return f(`attribute.${prefix}.manager` as UserQueryField, true);
      // Extension attributes are strings declared without caseExact, which defaults to false (RFC 7643 §2.2).
      if (prefix) return f(`attribute.${prefix}.${path.sub ? `${path.name}.${path.sub}` : path.name}` as UserQueryField);
      if (uri === URN.enterprise.toLowerCase()) return ENTERPRISE_PROFILE[key] ?? null;
      return null;
    },
    collection(path) {
      if (path.uri !== null && path.uri.toLowerCase() !== URN.user.toLowerCase()) return null;
      const name = path.name.toLowerCase();
      return name === 'emails' ? 'email' : name === 'groups' ? 'group' : null;
    },
    member: (collection, name) => MEMBERS[collection]?.[name.toLowerCase()] ?? null,
  };
}
