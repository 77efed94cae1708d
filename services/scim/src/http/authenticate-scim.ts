import { batchWhileBusy, servesScim, type Iam, type Roster } from '@roster/core';
import { ScimError } from './scim-error.ts';

/**
 * Checks a request's SCIM bearer token against the IAM's stored hash, in constant time: the IAM,
 * or 404 (no such IAM, SCIM off, IAM disabled) / 401 (missing or wrong token). Core's rules
 * (servesScim, matchesScimToken, which caches token hashes), as in verifyScimToken, but one IAM read serves every request that arrived while the previous
 * read was running (each still reads a state no older than its own arrival), so an IdP pushing
 * many requests at once costs a fraction of a query each, and a refused one needs no second read.
 */
export function createScimAuthenticator(roster: Roster): (iamId: string, authorization: string) => Promise<Iam> {
  // Every caller of a batch gets the one read's IAM.
  const readIam = batchWhileBusy<string, Iam | null>(async (batch, id) => {
    const iam = await roster.read((repos) => repos.iams.get(id));
    return batch.map(() => iam);
  });
  return async (iamId, authorization) => {
    const token = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim() ?? '';
    const iam = await readIam(iamId, iamId);
    if (!servesScim(iam)) throw new ScimError(404, 'No SCIM endpoint here.');
    if (!(await roster.matchesScimToken(iam, token))) {
      throw new ScimError(401, 'A valid SCIM bearer token for this IAM is required.');
    }
    return iam;
  };
}
