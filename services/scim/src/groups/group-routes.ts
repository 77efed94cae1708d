import { Hono, type Context } from 'hono';
import type { Roster } from '@roster/core';
import { readJsonBody } from '../http/read-body.ts';
import { wantsNoContent, type ScimEnv } from '../http/scim-env.ts';
import { isExcluded, projectResource } from '../http/projection.ts';
import { readListParams } from '../http/list-params.ts';
import { scimJson } from '../http/scim-response.ts';
import { readPatchRequest } from '../patch/patch-operations.ts';
import { assertPatchMutable, assertPutTargetsResource } from '../patch/check-mutability.ts';
import { URN } from '../schema/schema-urns.ts';
import { requireObject } from '../users/scim-values.ts';
import { checkVersion } from '../users/user-routes.ts';
import { etagOf } from '../users/user-to-scim.ts';
import { createScimGroup, inGroupTransaction, loadGroupView, replaceScimGroup } from './group-service.ts';
import { patchGroup } from './group-patch.ts';
import { groupToScim } from './group-to-scim.ts';
import { listGroups } from './list-groups.ts';
import { answerIgnoredGroups } from './ignored-group-routes.ts';

/** /Groups (RFC 7644 §3.3–§3.6). With "sync groups" off, see {@link answerIgnoredGroups}. */
export function groupRoutes(roster: Roster): Hono<ScimEnv> {
  const app = new Hono<ScimEnv>();
  app.use('*', async (c: Context<ScimEnv>, next) => (c.var.iam.settings.syncGroups ? next() : answerIgnoredGroups(c)));
  const params = (c: Context<ScimEnv>) => readListParams(Object.fromEntries(new URL(c.req.url).searchParams));
  const respond = async (c: Context<ScimEnv>, id: string, status: number) => {
    if (status === 200 && wantsNoContent(c.req.raw)) return new Response(null, { status: 204 });
    const { attributes, excludedAttributes } = params(c);
    // excludedAttributes=members must not load the members at all.
    const view = await loadGroupView(roster, c.var.iam, id, !isExcluded('members', attributes, excludedAttributes));
    const resource = projectResource(groupToScim(view.group, view.memberIds, c.var.baseUrl), attributes, excludedAttributes);
    return scimJson(resource, status, {
      ETag: etagOf(view.group.version),
      ...(status === 201 ? { Location: `${c.var.baseUrl}/Groups/${id}` } : {}),
    });
  };

  app.get('/', async (c) => scimJson(await listGroups(roster, c.var.iam, c.var.baseUrl, params(c))));
  app.post('/.search', async (c) =>
    scimJson(
      await listGroups(roster, c.var.iam, c.var.baseUrl, readListParams(requireObject(await readJsonBody(c.req.raw), 'A search request'))),
    ),
  );
  app.get('/:id', (c) => respond(c, c.req.param('id'), 200));
  app.post('/', async (c) => {
    const group = await createScimGroup(roster, c.var.iam, requireObject(await readJsonBody(c.req.raw), 'A Group'));
    return respond(c, group.id, 201);
  });
  app.put('/:id', async (c) => {
    const id = c.req.param('id');
    const body = requireObject(await readJsonBody(c.req.raw), 'A Group');
    assertPutTargetsResource(body, id);
    const current = await loadGroupView(roster, c.var.iam, id, false);
    await replaceScimGroup(roster, id, body, checkVersion(c.req.raw, current.group.version));
    return respond(c, id, 200);
  });
  app.patch('/:id', async (c) => {
    const id = c.req.param('id');
    const operations = readPatchRequest(await readJsonBody(c.req.raw));
    const current = await loadGroupView(roster, c.var.iam, id, false);
    assertPatchMutable(operations, { id: current.group.id, others: ['meta'], coreUrn: URN.group });
    const expected = checkVersion(c.req.raw, current.group.version);
    await inGroupTransaction(roster, (ops) => patchGroup(ops, id, operations, expected));
    return respond(c, id, 200);
  });
  app.delete('/:id', async (c) => {
    const id = c.req.param('id');
    const current = await loadGroupView(roster, c.var.iam, id, false);
    checkVersion(c.req.raw, current.group.version);
    await roster.deleteGroup(id);
    return new Response(null, { status: 204 });
  });
  return app;
}
