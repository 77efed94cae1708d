import { writeFile } from 'node:fs/promises';
import { printSchema } from 'graphql';
import { schema } from './schema/index.ts';

// `npm run schema:print -w @roster/graphql`: rewrites the committed schema.graphql from the code.
const target = new URL('../schema.graphql', import.meta.url);
await writeFile(target, `${printSchema(schema)}\n`);
console.log(`wrote ${target.pathname}`);
