import { runServer } from './run-server.ts';

// `npm start` on Node.js.
await runServer({ name: 'node', version: process.versions.node });
