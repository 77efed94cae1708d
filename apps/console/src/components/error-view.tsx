import type { CombinedError } from '@urql/core';
import { apiErrors, type ApiError } from '../api/api-error.ts';

const isCombined = (error: object): error is CombinedError => 'graphQLErrors' in error;
const isList = (error: object): error is readonly ApiError[] => Array.isArray(error);

/** The API's answer when it refused: each error's code and message, announced to screen readers. */
export function ErrorView({
  error,
  title = 'The request failed',
}: {
  error: CombinedError | ApiError | readonly ApiError[];
  title?: string;
}) {
  const errors: readonly ApiError[] = isCombined(error) ? apiErrors(error) : isList(error) ? error : [error];
  return (
    <div role="alert" className="error-view">
      <strong>{title}</strong>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            <code className="error-code">{e.code}</code> {e.reason && e.reason !== e.code && <code className="error-code">{e.reason}</code>}{' '}
            {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
