import { currentOrigin, type OriginScope } from './events/event-origin.ts';
import type { EventDraft } from './events/event-types.ts';
import type { Clock, Hasher, IdentityStore, Randomness, SecretBox, TransactionRepositories } from './ports.ts';

/** What Roster's use cases need from the outside world. */
export interface RosterDeps {
  readonly store: IdentityStore;
  readonly clock: Clock;
  readonly random: Randomness;
  readonly hasher: Hasher;
  readonly secrets: SecretBox;
  /** The origin of the work running now, stamped on the events it appends (required: no wiring loses origins). */
  readonly origins: OriginScope;
}

/** Records an event of the change being made. */
export type RecordEvent = (draft: EventDraft) => void;

/** One change in progress: its transaction, its event recorder, and the world. */
export interface ChangeContext {
  readonly tx: TransactionRepositories;
  readonly record: RecordEvent;
  readonly deps: RosterDeps;
}

/** An operation that changes identity data inside a change context. */
export type ChangeOperation = (ctx: ChangeContext, ...args: never[]) => Promise<unknown>;

/** Operations with the context bound: what callers see. */
export type BoundOperations<T extends Record<string, ChangeOperation>> = {
  readonly [K in keyof T]: T[K] extends (ctx: ChangeContext, ...args: infer A) => infer R ? (...args: A) => R : never;
};

/**
 * Runs a change in one transaction and appends the events it recorded as the transaction's last
 * step, so the change and its events commit together, or neither does. The events carry the
 * origin current when the change is called (SYSTEM outside any).
 */
export async function runChange<T>(deps: RosterDeps, work: (tx: TransactionRepositories, record: RecordEvent) => Promise<T>): Promise<T> {
  // Taken before the transaction starts, in the caller's context: a store may run the work from
  // a queue of its own (PGlite serializes transactions).
  const origin = currentOrigin(deps.origins);
  return deps.store.transact(async (tx) => {
    const drafts: EventDraft[] = [];
    const result = await work(tx, (draft) => drafts.push(draft));
    if (drafts.length > 0) await tx.events.append(drafts, deps.clock.now(), origin);
    return result;
  });
}

/** Binds operations to one change context: many operations, one transaction. */
export function bindOperations<T extends Record<string, ChangeOperation>>(ops: T, ctx: ChangeContext): BoundOperations<T> {
  return Object.fromEntries(Object.entries(ops).map(([name, op]) => [name, (...args: never[]) => op(ctx, ...args)])) as BoundOperations<T>;
}

/** Binds operations so that each call runs in a transaction of its own. */
export function bindOwnTransactions<T extends Record<string, ChangeOperation>>(ops: T, deps: RosterDeps): BoundOperations<T> {
  return Object.fromEntries(
    Object.entries(ops).map(([name, op]) => [
      name,
      (...args: never[]) => runChange(deps, (tx, record) => op({ tx, record, deps }, ...args)),
    ]),
  ) as BoundOperations<T>;
}
