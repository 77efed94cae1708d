import { URN } from '../schema/schema-urns.ts';

type Attr = Record<string, unknown>;

/** One attribute definition (RFC 7643 §7); defaults: singular, optional, readWrite, caseExact false. */
function attr(name: string, type = 'string', options: Partial<Attr> = {}): Attr {
  return {
    name, type, multiValued: false, required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none', ...options,
  };
}
const multi = (name: string, subs: Attr[], options: Partial<Attr> = {}) => attr(name, 'complex', { multiValued: true, subAttributes: subs, ...options });
const typed = [attr('value'), attr('type'), attr('primary', 'boolean')];

/** RFC 7643 §4.1 User, as Roster keeps it. */
export const USER_SCHEMA = {
  id: URN.user, name: 'User', description: 'User account',
  attributes: [
    attr('userName', 'string', { required: true, uniqueness: 'server' }),
    attr('name', 'complex', { subAttributes: [attr('givenName'), attr('familyName'), attr('formatted')] }),
    attr('displayName'), attr('title'), attr('active', 'boolean'),
    attr('password', 'string', { mutability: 'writeOnly', returned: 'never' }),
    multi('emails', typed), multi('phoneNumbers', typed), multi('addresses', [attr('locality'), attr('type'), attr('primary', 'boolean')]),
    multi('groups', [attr('value', 'string', { mutability: 'readOnly' }), attr('$ref', 'reference', { mutability: 'readOnly' }), attr('type', 'string', { mutability: 'readOnly' })], { mutability: 'readOnly' }),
  ],
};

/** RFC 7643 §4.2 Group. */
export const GROUP_SCHEMA = {
  id: URN.group, name: 'Group', description: 'Group',
  attributes: [
    attr('displayName', 'string', { required: true, uniqueness: 'server' }),
    multi('members', [attr('value', 'string', { mutability: 'immutable', caseExact: true }), attr('$ref', 'reference', { mutability: 'immutable' }), attr('type', 'string', { mutability: 'immutable' })]),
  ],
};

/** RFC 7643 §4.3 enterprise extension. */
export const ENTERPRISE_SCHEMA = {
  id: URN.enterprise, name: 'EnterpriseUser', description: 'Enterprise User',
  attributes: [attr('employeeNumber'), attr('costCenter'), attr('organization'), attr('division'), attr('department'),
    attr('manager', 'complex', { subAttributes: [attr('value'), attr('$ref', 'reference'), attr('displayName', 'string', { mutability: 'readOnly' })] })],
};

/** A custom extension the IAM's attribute schema names: its attributes are free-form strings. */
export function customSchema(urn: string): Record<string, unknown> {
  return { id: urn, name: urn.slice(urn.lastIndexOf(':') + 1), description: 'Extension mapped onto Roster attributes', attributes: [] };
}

/** RFC 7643 §5 ServiceProviderConfig for the advertised limits. */
export function serviceProviderConfig(limits: { maxResults: number; bulkMaxOperations: number; bulkMaxPayloadSize: number }) {
  return {
    schemas: [URN.serviceProviderConfig],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: { supported: true, maxOperations: limits.bulkMaxOperations, maxPayloadSize: limits.bulkMaxPayloadSize },
    filter: { supported: true, maxResults: limits.maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'The SCIM token of the IAM', primary: true }],
    meta: { resourceType: 'ServiceProviderConfig' },
  };
}
