import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/**
 * Diagnostics of the bench (BENCH_ALLOCATION_PROFILE=<file>): samples every allocation of the full
 * run, including objects already collected, so the file (a .heapprofile, open it in Chrome DevTools)
 * shows which code allocates the bytes the garbage collector then has to deal with.
 */
export async function startAllocationProfile(file: string | undefined): Promise<() => Promise<void>> {
  if (!file) return async () => {};
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 16_384,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  } as never);
  return async () => {
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: unknown };
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
  };
}
