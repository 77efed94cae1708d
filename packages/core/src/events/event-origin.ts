// PLACEHOLDER-UNTIL-MERGE: the helper branch `origin` brings the real file (same contract).
export type EventOrigin =
  | { readonly kind: 'SCIM'; readonly iamId: string; readonly scimTokenId: string }
  | { readonly kind: 'SYNC'; readonly iamId: string; readonly syncRunId: string }
  | { readonly kind: 'SSO'; readonly iamId: string }
  | { readonly kind: 'API_TOKEN'; readonly apiTokenId: string }
  | { readonly kind: 'USER'; readonly userId: string; readonly iamId: string }
  | { readonly kind: 'SYSTEM' };
export function originKey(origin: EventOrigin): string {
  switch (origin.kind) {
    case 'SCIM':
    case 'SYNC':
    case 'SSO':
      return `${origin.kind}:${origin.iamId}`;
    case 'API_TOKEN':
      return `API_TOKEN:${origin.apiTokenId}`;
    case 'USER':
      return `USER:${origin.userId}`;
    case 'SYSTEM':
      return 'SYSTEM';
  }
}
