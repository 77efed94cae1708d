import { URN } from '../schema/schema-urns.ts';
import { attr, multi, typedValues } from './attribute-definition.ts';

/**
 * RFC 7643 §4.1 User as Roster stores and returns it (§8.7.1): every attribute is kept as the IdP
 * sends it and returned on GET, list, PUT and PATCH; `password` is accepted and never stored or
 * returned; `groups` is Roster's own (read-only).
 */
export const USER_SCHEMA = {
  id: URN.user,
  name: 'User',
  description: 'User account',
  attributes: [
    attr('userName', 'Unique identifier of the user at the IdP, unique per IAM.', 'string', { required: true, uniqueness: 'server' }),
    attr('name', "The components of the user's real name.", 'complex', {
      subAttributes: [
        attr('formatted', 'The full name, formatted for display.'),
        attr('familyName', 'The family name (last name).'),
        attr('givenName', 'The given name (first name).'),
        attr('middleName', 'The middle name(s).'),
        attr('honorificPrefix', 'The honorific prefix(es), e.g. "Ms.".'),
        attr('honorificSuffix', 'The honorific suffix(es), e.g. "III".'),
      ],
    }),
    attr('displayName', 'The name of the user, for display.'),
    attr('nickName', 'The casual way to address the user.'),
    attr('profileUrl', "A URI of the user's online profile.", 'reference', { referenceTypes: ['external'] }),
    attr('title', 'The user\'s title, e.g. "Vice President".'),
    attr('userType', 'The relationship of the user to the organization, e.g. "Employee".'),
    attr('preferredLanguage', "The user's preferred written or spoken language (RFC 7231 Accept-Language)."),
    attr('locale', "The user's default location for localization (a BCP 47 language tag)."),
    attr('timezone', 'The user\'s time zone (IANA Time Zone database), e.g. "America/Los_Angeles".'),
    attr('active', "The user's administrative status.", 'boolean'),
    attr('password', 'Accepted and never stored: Roster keeps no passwords.', 'string', { mutability: 'writeOnly', returned: 'never' }),
    multi('emails', 'Email addresses of the user.', typedValues('email address', ['work', 'home', 'other'])),
    multi('phoneNumbers', 'Phone numbers of the user.', typedValues('phone number', ['work', 'home', 'mobile', 'fax', 'pager', 'other'])),
    multi(
      'ims',
      'Instant messaging addresses of the user.',
      typedValues('instant messaging address', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    ),
    multi(
      'photos',
      'URLs of photos of the user.',
      typedValues('photo', ['photo', 'thumbnail'], attr('value', 'The URL of the photo.', 'reference', { referenceTypes: ['external'] })),
    ),
    multi('addresses', 'Physical mailing addresses of the user.', [
      attr('formatted', 'The full mailing address, formatted for display.'),
      attr('streetAddress', 'The street address.'),
      attr('locality', 'The city or locality.'),
      attr('region', 'The state or region.'),
      attr('postalCode', 'The zip or postal code.'),
      attr('country', 'The country (ISO 3166-1 alpha-2).'),
      attr('type', 'The kind of address.', 'string', { canonicalValues: ['work', 'home', 'other'] }),
      attr('primary', "Whether this is the user's primary address; at most one is.", 'boolean'),
    ]),
    multi(
      'groups',
      'The groups the user belongs to in Roster.',
      [
        attr('value', 'The id of the group.', 'string', { mutability: 'readOnly' }),
        attr('$ref', 'The URI of the group.', 'reference', { referenceTypes: ['User', 'Group'], mutability: 'readOnly' }),
        attr('display', 'The name of the group.', 'string', { mutability: 'readOnly' }),
        attr('type', 'How the user is a member.', 'string', { canonicalValues: ['direct', 'indirect'], mutability: 'readOnly' }),
      ],
      { mutability: 'readOnly' },
    ),
    multi('entitlements', 'Entitlements of the user.', typedValues('entitlement', [])),
    multi('roles', 'Roles of the user.', typedValues('role', [])),
    multi(
      'x509Certificates',
      'X.509 certificates of the user (DER, base64).',
      typedValues('certificate', [], attr('value', 'The certificate.', 'binary')),
    ),
  ],
};

/**
 * RFC 7643 §4.3 enterprise extension, kept and returned as sent. Roster compares `manager.value`
 * (the manager's id) exactly in filters, as it compares ids.
 */
export const ENTERPRISE_SCHEMA = {
  id: URN.enterprise,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attr('employeeNumber', 'A string identifier of the user, typically numeric, assigned by the organization.'),
    attr('costCenter', 'The name of a cost center.'),
    attr('organization', 'The name of an organization.'),
    attr('division', 'The name of a division.'),
    attr('department', 'The name of a department.'),
    attr('manager', "The user's manager.", 'complex', {
      subAttributes: [
        attr('value', 'The id of the manager.', 'string', { caseExact: true }),
        attr('$ref', 'The URI of the manager.', 'reference', { referenceTypes: ['User'] }),
        attr('displayName', 'The display name of the manager.', 'string', { mutability: 'readOnly' }),
      ],
    }),
  ],
};
