/**
 * Calls that arrive while a run of theirs is under way wait, and go together in the next run
 * (group commit; the runs are database statements for packages/db, IAM reads for SCIM): at 16 concurrent callers that is a few statements where there were sixteen,
 * and one caller alone waits for nobody. `run` gets a batch (at most `maxBatch`, in arrival
 * order) and returns one result per item, in the same order; when it rejects, every item of the
 * batch is rejected with its error. No caller is answered from a statement that started before it
 * called. Callers with different `key`s never share a statement (another IAM, another shape).
 */
export function batchWhileBusy<I, O>(
  run: (batch: readonly I[], key: string) => Promise<readonly O[]>,
  options: { readonly maxBatch?: number } = {},
): (item: I, key?: string) => Promise<O> {
  const maxBatch = options.maxBatch ?? 1_000;
  const queues = new Map<string, Waiting<I, O>[]>();

  const drain = async (key: string, queue: Waiting<I, O>[]) => {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        const results = await run(
          batch.map((waiting) => waiting.item),
          key,
        );
        batch.forEach((waiting, i) => waiting.resolve(results[i]!));
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    queues.delete(key);
  };

  return (item, key = '') =>
    new Promise<O>((resolve, reject) => {
      const queue = queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      const fresh: Waiting<I, O>[] = [{ item, resolve, reject }];
      queues.set(key, fresh);
      void drain(key, fresh);
    });
}

interface Waiting<I, O> {
  readonly item: I;
  resolve(result: O): void;
  reject(error: unknown): void;
}
