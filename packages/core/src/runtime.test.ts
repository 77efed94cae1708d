import { describe, expect, it } from 'vitest';

// The test command runs this package's suite twice, on Node and on Deno; this makes sure the
// second run really is Deno (ROSTER_EXPECT_RUNTIME is set by the test:deno script).
describe('runtime', () => {
  it('is the runtime the script asked for', () => {
    const deno = (globalThis as { Deno?: { version: { deno: string } } }).Deno;
    const runtime = deno ? 'deno' : 'node';
    const expected =
      (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env['ROSTER_EXPECT_RUNTIME'] ?? runtime;
    expect(runtime).toBe(expected);
  });
});
