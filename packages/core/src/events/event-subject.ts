// PLACEHOLDER-UNTIL-MERGE: the helper branch `origin` brings the real type (same contract).
import type { UserResource } from '../read-model.ts';
export type EventSubject =
  | { readonly type: 'USER'; readonly user: UserResource }
  | {
      readonly type: 'GROUP';
      readonly group: {
        readonly id: string;
        readonly iamId: string;
        readonly displayName: string;
        readonly externalId: string | null;
        readonly memberCount: number;
      };
    };
