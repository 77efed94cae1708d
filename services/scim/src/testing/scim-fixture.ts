import { afterAll, beforeAll } from 'vitest';
import { createTestRoster, type TestDatabase } from '@roster/db/testing';
import type { Repositories } from '@roster/core';
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
  const state: { db?: TestDatabase; roster?: Awaited<ReturnType<typeof createTestRoster>>; handler?: (r: Request) => Promise<Response> } = {};
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
      const { iam, scimToken } = await state.roster!.createIam({ displayName: `Okta SCIM ${n} ${Math.random().toString(36).slice(2, 6)}`, type, scim: { enabled: true }, settings });
      const token = scimToken!;
      return {
        iamId: iam.id,
        token,
        call: (method, path, body, headers = {}) =>
          send(new Request(`${PUBLIC_URL}/scim/v2/${iam.id}${path}`, {
            method,
            headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/scim+json' }), ...headers },
            ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
          })),
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

/** A PatchOp body. */
export function patchOp(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations };
}

function observeMemberReads(roster: { read: <T>(work: (repos: Repositories) => Promise<T>) => Promise<T> }, reads: { memberIds: number }): void {
  const read = roster.read;
  roster.read = (work) => read((repos) => work({
    ...repos,
    memberships: { ...repos.memberships, memberIds: (id: string) => (reads.memberIds += 1, repos.memberships.memberIds(id)) },
  }));
}
