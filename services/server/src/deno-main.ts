import { runServer } from './run-server.ts';

// `npm run start:deno`: the same server on Deno 2 (README "Run on Deno"). Deno runs Roster's npm
// dependencies through its Node.js compatibility layer, as Deno's documentation recommends for npm
// packages; this entry point only says which runtime it is.
declare const Deno: { readonly version: { readonly deno: string } };

await runServer({ name: 'deno', version: Deno.version.deno });
