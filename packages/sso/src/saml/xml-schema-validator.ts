import * as xmllint from '@authenio/samlify-node-xmllint';

/**
 * samlify's schema validator: @authenio/samlify-node-xmllint (libxml2 compiled to JavaScript)
 * with the SAML 2.0 schemas, tamed. Each call of the compiled xmllint adds a process-wide
 * `uncaughtException` listener that rethrows, writes a blank line to stdout, and prints schema
 * errors with console.error. The work is synchronous, so for its duration this silences the
 * output, keeps the schema error for the refusal reason, and removes the listener it added.
 */
export async function validateSamlXml(xml: string): Promise<string> {
  const listeners = new Set(process.listeners('uncaughtException'));
  // Saved and put back as the very same function, so it needs no binding.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const write = process.stdout.write;
  const logError = console.error;
  let detail = '';
  process.stdout.write = () => true;
  console.error = (...args: unknown[]) => {
    detail = args
      .map(String)
      .join(' ')
      .replace(/^this is not a valid saml response with errors: /, '');
  };
  let validation: Promise<string>;
  try {
    validation = xmllint.validate(xml) as Promise<string>;
  } finally {
    process.stdout.write = write;
    console.error = logError;
    for (const listener of process.listeners('uncaughtException')) {
      if (!listeners.has(listener)) process.removeListener('uncaughtException', listener);
    }
  }
  try {
    return await validation;
  } catch (error) {
    throw new Error(`${String(error)}${detail ? `: ${detail.trim()}` : ''}`, { cause: error });
  }
}
