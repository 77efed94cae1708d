import { setUserAttributes } from '../../attributes/attribute-ops.ts';
import type { ChangeContext } from '../../context.ts';
import type { User, UserSource } from '../../model.ts';
import type { AttributeMap } from '../../rules/attribute-mapping.ts';
import type { SourceAttributes } from '../../rules/source-attributes.ts';
import type { UpdateUserInput } from '../user-input.ts';
import { updateUser } from '../user-ops.ts';

/** A user as its source (SCIM push, directory entry) sent it, mapped onto Roster. */
export interface SourcedUser {
  /** Every field the source manages (PUT semantics for SCIM: absent is cleared). */
  readonly fields: UpdateUserInput & { readonly userName: string };
  /** Mapped attributes and the prefixes they replace; null when the IAM does not sync attributes. */
  readonly attributes: { readonly values: AttributeMap; readonly prefixes: readonly string[] } | null;
  /** What Roster keeps of what the source sent (User.sourceAttributes), secrets removed. */
  readonly sourceAttributes: SourceAttributes;
}

/**
 * Writes what the source sent over a user: its fields as the IdP (the source may claim the user
 * for its channel: `source`), the kept source, and its mapped attributes. `expectedVersion`
 * guards against lost updates (SCIM If-Match).
 */
export async function writeSourcedUser(
  ctx: ChangeContext,
  userId: string,
  sent: SourcedUser,
  options: { readonly source?: UserSource; readonly expectedVersion?: number | undefined } = {},
): Promise<User> {
  const user = await updateUser(ctx, userId, sent.fields, {
    actor: 'IDP',
    sourceAttributes: sent.sourceAttributes,
    ...(options.source === undefined ? {} : { source: options.source }),
    ...(options.expectedVersion === undefined ? {} : { expectedVersion: options.expectedVersion }),
  });
  if (sent.attributes) await setUserAttributes(ctx, userId, sent.attributes.values, { prefixes: sent.attributes.prefixes });
  return user;
}
