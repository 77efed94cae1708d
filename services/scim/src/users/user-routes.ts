import { Hono } from 'hono';
import { retryOnVersionConflict, type Roster } from '@roster/core';
import { readJsonBody } from '../http/read-body.ts';
import { ScimError } from '../http/scim-error.ts';
import { ifMatchVersion, wantsNoContent, type ScimEnv } from '../http/scim-env.ts';
import { isExcluded, projectResource } from '../http/projection.ts';
import { readListParams } from '../http/list-params.ts';
import { scimJson } from '../http/scim-response.ts';
import { applyPatch } from '../patch/apply-patch.ts';
import { assertPatchMutable, assertPutTargetsResource } from '../patch/check-mutability.ts';
import { readPatchRequest } from '../patch/patch-operations.ts';
import { URN } from '../schema/schema-urns.ts';
import { requireObject } from './scim-values.ts';
import { userFromScim } from './user-from-scim.ts';
import { createScimUser, loadUserView, writeUser } from './user-service.ts';
import { etagOf, userToScim, type UserView } from './user-to-scim.ts';
import { listUsers } from './list-users.ts';

/** A User's readOnly attributes besides id (RFC 7643 §4.1): group memberships change on the Group. */
const USER_READ_ONLY = ['meta', 'groups'];

/** /Users (RFC 7644 §3.3–§3.6). */
export function userRoutes(roster: Roster): Hono<ScimEnv> {
  const app = new Hono<ScimEnv>();
  const params = (c: { req: { url: string } }) => readListParams(Object.fromEntries(new URL(c.req.url).searchParams));
  const respond = async (
    c: { var: ScimEnv['Variables']; req: { raw: Request; url: string } },
    id: string,
    status: number,
    known?: UserView,
  ) => {
    const { attributes, excludedAttributes } = params(c);
    if (status === 200 && wantsNoContent(c.req.raw)) return new Response(null, { status: 204 });
    const view = known ?? (await loadUserView(roster, c.var.iam, id, !isExcluded('groups', attributes, excludedAttributes)));
    const resource = projectResource(userToScim(c.var.iam, view, c.var.baseUrl), attributes, excludedAttributes);
    const location = `${c.var.baseUrl}/Users/${id}`;
    return scimJson(resource, status, { ETag: etagOf(view.user.version), ...(status === 201 ? { Location: location } : {}) });
  };

  app.get('/', async (c) => scimJson(await listUsers(roster, c.var.iam, c.var.baseUrl, params(c))));
  app.post('/.search', async (c) =>
    scimJson(
      await listUsers(roster, c.var.iam, c.var.baseUrl, readListParams(requireObject(await readJsonBody(c.req.raw), 'A search request'))),
    ),
  );
  app.get('/:id', (c) => respond(c, c.req.param('id'), 200));
  app.post('/', async (c) => {
    const view = await createScimUser(roster, c.var.iam, requireObject(await readJsonBody(c.req.raw), 'A User'));
    return respond(c, view.user.id, 201, view);
  });
  app.put('/:id', async (c) => {
    const id = c.req.param('id');
    const body = requireObject(await readJsonBody(c.req.raw), 'A User');
    assertPutTargetsResource(body, id);
    const changes = userFromScim(c.var.iam, body);
    await retryOnVersionConflict(async () => {
      const current = await loadUserView(roster, c.var.iam, id, false);
      const expected = checkVersion(c.req.raw, current.user.version);
      await roster.transaction((ops) => writeUser(ops, id, changes, expected));
    }, ifMatchVersion(c.req.raw));
    return respond(c, id, 200);
  });
  app.patch('/:id', async (c) => {
    const id = c.req.param('id');
    const operations = readPatchRequest(await readJsonBody(c.req.raw));
    const clientVersion = ifMatchVersion(c.req.raw);
    await retryOnVersionConflict(async () => {
      const current = await loadUserView(roster, c.var.iam, id, false);
      assertPatchMutable(operations, { id: current.user.id, others: USER_READ_ONLY, coreUrn: URN.user });
      const expected = checkVersion(c.req.raw, current.user.version) ?? current.user.version;
      const patched = applyPatch(userToScim(c.var.iam, current, c.var.baseUrl), operations, URN.user);
      const changes = userFromScim(c.var.iam, patched);
      await roster.transaction((ops) => writeUser(ops, id, changes, expected));
    }, clientVersion);
    return respond(c, id, 200);
  });
  app.delete('/:id', async (c) => {
    const id = c.req.param('id');
    const current = await loadUserView(roster, c.var.iam, id, false);
    checkVersion(c.req.raw, current.user.version);
    // Deactivate, don't delete: the SCIM resource is gone, the Roster user is kept for audit.
    await roster.removeUser(id);
    return new Response(null, { status: 204 });
  });
  return app;
}

/** RFC 7644 §3.14: If-Match naming another version is 412. */
export function checkVersion(request: Request, version: number): number | undefined {
  const expected = ifMatchVersion(request);
  if (expected !== undefined && expected !== version) throw new ScimError(412, `The resource is at version ${etagOf(version)}.`);
  return expected;
}
