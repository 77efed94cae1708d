import { Hono } from 'hono';
import type { Iam } from '@roster/core';
import type { ScimEnv } from '../http/scim-env.ts';
import { ScimError } from '../http/scim-error.ts';
import { scimJson } from '../http/scim-response.ts';
import { LIMITS, URN } from '../schema/schema-urns.ts';
import { extensionUrns } from '../users/user-extensions.ts';
import { customSchema, GROUP_SCHEMA, serviceProviderConfig } from './schema-definitions.ts';
import { ENTERPRISE_SCHEMA, USER_SCHEMA } from './user-schemas.ts';

/** RFC 7644 §4: /ServiceProviderConfig, /ResourceTypes, /Schemas. */
export function discoveryRoutes(): Hono<ScimEnv> {
  const app = new Hono<ScimEnv>();
  const list = (resources: unknown[]) => ({
    schemas: [URN.listResponse],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  });
  app.get('/ServiceProviderConfig', () => scimJson(serviceProviderConfig(LIMITS)));
  app.get('/ResourceTypes', (c) => scimJson(list(resourceTypes(c.var.iam, c.var.baseUrl))));
  app.get('/ResourceTypes/:name', (c) => {
    const found = resourceTypes(c.var.iam, c.var.baseUrl).find((type) => type.id.toLowerCase() === c.req.param('name').toLowerCase());
    if (!found) throw new ScimError(404, `No resource type ${c.req.param('name')}.`);
    return scimJson(found);
  });
  app.get('/Schemas', (c) => scimJson(list(schemas(c.var.iam, c.var.baseUrl))));
  app.get('/Schemas/:id', (c) => {
    const found = schemas(c.var.iam, c.var.baseUrl).find(
      (schema) => String(schema['id']).toLowerCase() === c.req.param('id').toLowerCase(),
    );
    if (!found) throw new ScimError(404, `No schema ${c.req.param('id')}.`);
    return scimJson(found);
  });
  return app;
}

function extensionsOf(iam: Iam): string[] {
  return [...new Set([URN.enterprise, ...extensionUrns(iam)])];
}

function resourceTypes(iam: Iam, baseUrl: string) {
  return [
    {
      schemas: [URN.resourceType],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      schema: URN.user,
      schemaExtensions: extensionsOf(iam).map((schema) => ({ schema, required: false })),
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [URN.resourceType],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      schema: URN.group,
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

function schemas(iam: Iam, baseUrl: string): Record<string, unknown>[] {
  const custom = extensionsOf(iam)
    .filter((urn) => urn !== URN.enterprise)
    .map(customSchema);
  return [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_SCHEMA, ...custom].map((schema) => ({
    schemas: [URN.schema],
    ...schema,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${String(schema['id'])}` },
  }));
}
