/**
 * A SCIM token createIam just returned, handed to the IAM page that opens next. It lives in memory
 * only (never in history state or storage), so a reload does not show it again.
 */
let fresh: { iamId: string; token: string } | null = null;

export function handOverScimToken(iamId: string, token: string): void {
  fresh = { iamId, token };
}

/** The token for this IAM, once; null afterwards. */
export function takeScimToken(iamId: string): string | null {
  if (fresh?.iamId !== iamId) return null;
  const { token } = fresh;
  fresh = null;
  return token;
}
