import { authHeaders, type Credential } from './credential.ts';
import { GRAPHQL_PATH } from './client.ts';
import type { ApiError } from './api-error.ts';
import { graphql, type ResultOf } from './graphql.ts';
import { print } from 'graphql';

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      kind
      name
      permissions
      user {
        id
        userName
        displayName
      }
    }
  }
`);

export type Viewer = ResultOf<typeof ViewerQuery>['viewer'];

/** Who the credential signs in as, or the API's refusal (UNAUTHENTICATED for a wrong token or no session). */
export async function fetchViewer(credential: Credential): Promise<{ viewer: Viewer } | { error: ApiError }> {
  try {
    const response = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...authHeaders(credential) },
      body: JSON.stringify({ query: print(ViewerQuery) }),
    });
    const body = (await response.json()) as {
      data?: ResultOf<typeof ViewerQuery>;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const first = body.errors?.[0];
    if (first) return { error: { code: first.extensions?.code ?? `HTTP_${response.status}`, message: first.message } };
    if (!body.data) return { error: { code: `HTTP_${response.status}`, message: response.statusText } };
    return { viewer: body.data.viewer };
  } catch (error) {
    return { error: { code: 'NETWORK_ERROR', message: error instanceof Error ? error.message : String(error) } };
  }
}
