import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { makeScriptsTransactional } from './make-scripts-transactional.ts';

/** A schema engine and the way to let go of it and of the connections it opened. */
export interface OpenSchemaEngine {
  readonly engine: SchemaEngine;
  /** Frees the engine's WebAssembly memory and disposes every adapter it connected. Idempotent. */
  readonly close: () => Promise<void>;
}

/** Options of {@link loadSchemaEngine}. */
export interface SchemaEngineOptions {
  /** Receives the engine's log lines (JSON, one per event). Ignored by default. */
  log?: (line: string) => void;
  /** Receives the driver's error when a migration script fails, before the engine wraps it. */
  onScriptError?: (error: unknown) => void;
}

/** Roster manages every table and enum of its schema: nothing is external. */
export const noSchemaFilter: SchemaFilter = { externalTables: [], externalEnums: [] };

// The global exists in Node; only its types are missing (lib ES2023 without DOM, @types/node 20).
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: Record<string, object>): Promise<{ instance: { exports: { __wbindgen_start(): void } } }>;
};

let started: Promise<void> | undefined;

/**
 * Starts Prisma's schema engine (WebAssembly) on `adapterFactory` with `schemaText` as its
 * datamodel. Every script the engine runs goes through one transaction (see
 * makeScriptsTransactional). Call `close()` when done: freeing the engine does not dispose the
 * adapter it connected, and adapter-pg's pool keeps the session-level advisory lock the engine
 * takes (and never releases) until it is ended.
 */
export async function loadSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schemaText: string,
  options: SchemaEngineOptions = {},
): Promise<OpenSchemaEngine> {
  await (started ??= startWasm());
  const adapters: SqlDriverAdapter[] = [];
  const onScriptError = options.onScriptError ?? (() => {});
  const track = async (connect: () => Promise<SqlDriverAdapter>): Promise<SqlDriverAdapter> => {
    const adapter = await connect();
    // The engine disposes shadow adapters itself; close() must not dispose them a second time
    // (adapter-pg would try to drop the shadow database again and end its pool twice).
    adapter.dispose = once(adapter.dispose.bind(adapter));
    adapters.push(adapter);
    return makeScriptsTransactional(adapter, onScriptError);
  };
  const trackingFactory: SqlMigrationAwareDriverAdapterFactory = {
    adapterName: adapterFactory.adapterName,
    provider: adapterFactory.provider,
    connect: () => track(() => adapterFactory.connect()),
    connectToShadowDb: () => track(() => adapterFactory.connectToShadowDb()),
  };
  const disposeAdapters = async (): Promise<void> => {
    await Promise.allSettled(adapters.map((adapter) => adapter.dispose()));
  };

  let engine: SchemaEngine;
  try {
    engine = await engineBindings.SchemaEngine.new(
      { datamodels: [['schema.prisma', schemaText]] },
      options.log ?? (() => {}),
      bindMigrationAwareSqlAdapterFactory(trackingFactory),
    );
  } catch (error) {
    await disposeAdapters();
    throw error;
  }
  let closed = false;
  return {
    engine,
    close: async () => {
      if (closed) return;
      closed = true;
      engine.free();
      await disposeAdapters();
    },
  };
}

/**
 * Instantiates the engine's WebAssembly once per process. Not once per engine: the bindings
 * module keeps the instance (and views of its memory) in module-level variables, so a second
 * instance would pull the memory out from under engines that are still open. Engines share it.
 */
async function startWasm(): Promise<void> {
  // The package's exports map lists only its JavaScript entry points, so find the .wasm beside one.
  const bindingsPath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bytes = await readFile(join(dirname(bindingsPath), 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': withUnrefTimers(engineBindings) });
  engineBindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
}

/**
 * The engine arms a 10 s timer around `pg_advisory_lock` (apply, mark rolled back) and, having
 * no clearTimeout, never disarms it: every apply would keep Node running 10 s after it is done.
 * The timer only ever races a database round trip, which keeps the process alive by itself while
 * it matters, so the timer need not.
 */
function withUnrefTimers(bindings: typeof engineBindings): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(bindings).map(([name, binding]) => {
      if (!name.startsWith('__wbg_setTimeout_') || typeof binding !== 'function') return [name, binding];
      const setTimer = binding as (...args: unknown[]) => unknown;
      return [
        name,
        (...args: unknown[]) => {
          const timer = setTimer(...args);
          (timer as Partial<NodeJS.Timeout>).unref?.();
          return timer;
        },
      ];
    }),
  );
}

function once(run: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= run());
}
