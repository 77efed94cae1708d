import type { CombinedError } from '@urql/core';

/** An error as the API reports it: its code (extensions.code) and message. */
export interface ApiError {
  readonly code: string;
  readonly message: string;
  /** The domain's own code when it says more than `code` (extensions.reason: WEBHOOK_URL_REFUSED under VALIDATION_FAILED). */
  readonly reason?: string;
}

/** The API's errors in a urql result: each GraphQL error with its code, or the network failure. */
export function apiErrors(error: CombinedError): ApiError[] {
  if (error.graphQLErrors.length > 0)
    return error.graphQLErrors.map((e) => {
      const code = typeof e.extensions['code'] === 'string' ? e.extensions['code'] : 'ERROR';
      const reason = e.extensions['reason'];
      return { code, message: e.message, ...(typeof reason === 'string' && reason !== code ? { reason } : {}) };
    });
  const network = error.networkError;
  return [{ code: 'NETWORK_ERROR', message: network ? network.message : error.message }];
}
