/**
 * Iterates `source` while it already asks for the next item: the directory reads page N+1 while
 * the database writes page N. At most one item waits ahead, so memory stays bounded by two pages
 * whatever the directory's size (backpressure: the read after that waits for the consumer).
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  // The consumer may stop (a failed write) while a read is in flight: its failure then has no one to tell.
  next.catch(() => {});
  try {
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = iterator.next();
      next.catch(() => {});
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}
