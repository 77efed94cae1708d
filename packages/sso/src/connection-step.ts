/** One step of a connection test. */
export interface ConnectionStep {
  readonly name: string;
  readonly ok: boolean;
  readonly message: string;
  readonly durationMs: number;
}

/** Runs a step, timing it and turning a thrown error into a failed step with its message. */
export async function runStep(name: string, work: () => string | Promise<string>): Promise<ConnectionStep> {
  const started = performance.now();
  try {
    const message = await work();
    return { name, ok: true, message, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { name, ok: false, message: describeError(error), durationMs: Math.round(performance.now() - started) };
  }
}

/** An error as an administrator reads it: its message, and its cause's (openid-client, fetch). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}
