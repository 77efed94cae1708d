import { URN } from '../schema/schema-urns.ts';
import { attr, multi } from './attribute-definition.ts';

/** RFC 7643 §4.2 Group. */
export const GROUP_SCHEMA = {
  id: URN.group,
  name: 'Group',
  description: 'Group',
  attributes: [
    attr('displayName', 'A human-readable name of the group, unique per IAM.', 'string', { required: true, uniqueness: 'server' }),
    multi('members', 'The members of the group.', [
      attr('value', 'The id of the member.', 'string', { mutability: 'immutable', caseExact: true }),
      attr('$ref', 'The URI of the member.', 'reference', { referenceTypes: ['User', 'Group'], mutability: 'immutable' }),
      attr('type', 'The kind of member.', 'string', { canonicalValues: ['User', 'Group'], mutability: 'immutable' }),
    ]),
  ],
};

/**
 * A custom extension the IAM's attribute schema names. Roster does not know its attributes: it
 * keeps and returns whatever the IdP sends in it, and maps it onto attributes under the prefix.
 */
export function customSchema(urn: string): Record<string, unknown> {
  return {
    id: urn,
    name: urn.slice(urn.lastIndexOf(':') + 1),
    description: 'Custom extension: kept and returned as the IdP sends it, and mapped onto Roster attributes',
    attributes: [],
  };
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
    authenticationSchemes: [
      { type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'The SCIM token of the IAM', primary: true },
    ],
    meta: { resourceType: 'ServiceProviderConfig' },
  };
}
