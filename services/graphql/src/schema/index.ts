import { builder } from '../builder.ts';
import './scalars.ts';
import './permission.ts';
import './iam.ts';
import './user.ts';
import './user-queries.ts';
import './user-mutations.ts';
import './group.ts';
import './group-queries.ts';
import './group-mutations.ts';
import './attribute.ts';
import './membership-connections.ts';
import './event.ts';
import './event-subject.ts';
import './event-origin.ts';
import './sync-run.ts';
import './api-token.ts';
import './webhook.ts';
import './iam-operations.ts';

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

/** Roster's GraphQL schema. */
export const schema = builder.toSchema({ sortSchema: true });
