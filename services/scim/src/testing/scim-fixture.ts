import { afterAll, beforeAll } from 'vitest';
import { createTestRoster, type TestDatabase } from '@roster/db/testing';
import type { ReadRepositories } from '@roster/core';
import { createScimHandler } from '../create-scim-handler.ts';

/** A SCIM response as a test sees it. */
export interface ScimReply {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

/** A SCIM-enabled IAM with a client bound to its endpoint and token. */
export interface ScimIamClient {
  readonly iamId: string;
  readonly token: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ScimReply>;
}

export const PUBLIC_URL = 'https://roster.example.com';

/** Opens a database for the file and hands out IAMs with SCIM on, each with its own token. */
export function useScimFixture(openDatabase: () => Promise<TestDatabase>) {
  const state: { db?: TestDatabase; roster?: Awaited<ReturnType<typeof createTestRoster>>; handler?: (r: Request) => Promise<Response> } =
    {};
  let n = 0;
  const reads = { memberIds: 0 };
  beforeAll(async () => {
    state.db = await openDatabase();
    state.roster = await createTestRoster(state.db);
    observeMemberReads(state.roster, reads);
    await state.roster.ensureBuiltinIam();
    state.handler = createScimHandler({ roster: state.roster, publicUrl: PUBLIC_URL });
  });
  afterAll(async () => state.db?.close());

  const send = async (request: Request): Promise<ScimReply> => {
    const response = await state.handler!(request);
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : JSON.parse(text), headers: response.headers };
  };

  return {
    get roster() {
      return state.roster!;
    },
    send,
    /** How often member lists were read (a group fetched without members must not read them). */
    reads,
    async newIam(settings: Record<string, unknown> = {}, type: 'SAML' | 'OIDC' = 'SAML'): Promise<ScimIamClient> {
      n += 1;
      const { iam, scimToken } = await state.roster!.createIam({
        displayName: `Okta SCIM ${n} ${Math.random().toString(36).slice(2, 6)}`,
        type,
        scim: { enabled: true },
        settings,
      });
      const token = scimToken!;
      return {
        iamId: iam.id,
        token,
        call: (method, path, body, headers = {}) =>
          send(
            new Request(`${PUBLIC_URL}/scim/v2/${iam.id}${path}`, {
              method,
              headers: {
                Authorization: `Bearer ${token}`,
                ...(body === undefined ? {} : { 'Content-Type': 'application/scim+json' }),
                ...headers,
              },
              ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
            }),
          ),
      };
    },
  };
}

/** A minimal SCIM User body. */
export function scimUser(userName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName,
    name: { givenName: 'Barbara', familyName: 'Jensen' },
    emails: [{ value: userName.includes('@') ? userName : `${userName}@example.com`, type: 'work', primary: true }],
    active: true,
    ...extra,
  };
}

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** A custom extension URN, as Entra ID names them. */
export const BADGE = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User';

/** A User with every attribute of RFC 7643 §4.1 and §4.3 (its §8.2 example), and a custom extension. */
export const fullUser = (userName: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE, BADGE],
  externalId: `ext-${userName}`,
  userName,
  name: {
    formatted: 'Ms. Barbara J Jensen, III',
    familyName: 'Jensen',
    givenName: 'Barbara',
    middleName: 'Jane',
    honorificPrefix: 'Ms.',
    honorificSuffix: 'III',
  },
  displayName: 'Babs Jensen',
  nickName: 'Babs',
  profileUrl: 'https://login.example.com/bjensen',
  title: 'Tour Guide',
  userType: 'Employee',
  preferredLanguage: 'en-US',
  locale: 'en-US',
  timezone: 'America/Los_Angeles',
  active: true,
  emails: [
    { value: userName, type: 'work', primary: true, display: 'Babs at work' },
    { value: 'babs@jensen.org', type: 'home', primary: false },
  ],
  phoneNumbers: [
    { value: '555-555-5555', type: 'work', primary: true },
    { value: '555-555-4444', type: 'mobile' },
  ],
  addresses: [
    {
      type: 'work',
      streetAddress: '100 Universal City Plaza',
      locality: 'Hollywood',
      region: 'CA',
      postalCode: '91608',
      country: 'USA',
      formatted: '100 Universal City Plaza\nHollywood, CA 91608 USA',
      primary: true,
    },
    { type: 'home', streetAddress: '456 Hollywood Blvd', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'USA' },
  ],
  ims: [{ value: 'someaimhandle', type: 'aim' }],
  photos: [{ value: 'https://photos.example.com/profilephoto/72930000000Ccne/F', type: 'photo' }],
  entitlements: [{ value: 'premium', display: 'Premium' }],
  roles: [{ value: 'tour-guide', primary: true }],
  x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx' }],
  [ENTERPRISE]: {
    employeeNumber: '701984',
    costCenter: '4130',
    organization: 'Universal Studios',
    division: 'Theme Park',
    department: 'Tour Operations',
    manager: {
      value: '26118915-6090-4610-87e4-49d8ca9f808d',
      $ref: '../Users/26118915-6090-4610-87e4-49d8ca9f808d',
      displayName: 'John Smith',
    },
  },
  [BADGE]: { badge: 'B-12', floors: ['3', '4'], clearance: { level: 2, since: '2020-01-01' } },
});

/** A PatchOp body. */
export function patchOp(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations };
}

function observeMemberReads(
  roster: { read: <T>(work: (repos: ReadRepositories) => Promise<T>) => Promise<T> },
  reads: { memberIds: number },
): void {
  const read = roster.read;
  roster.read = (work) =>
    read((repos) =>
      work({
        ...repos,
        memberships: { ...repos.memberships, memberIds: (id: string) => ((reads.memberIds += 1), repos.memberships.memberIds(id)) },
      }),
    );
}
