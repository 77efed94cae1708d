/**
 * Storage-neutral queries over an IAM's users and groups. Protocol adapters (a SCIM filter, an
 * admin search) build them; the store turns them into SQL, so filtering, sorting and paging
 * happen in the database, never in memory over a whole IAM.
 */

/** Comparison operators (the RFC 7644 §3.4.2.2 set minus `pr`, which is {@link PresentCondition}). */
export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** A literal compared against a field; dates travel as `Date`. */
export type QueryValue = string | number | boolean | Date | null;

/** User fields a query can test or sort on (`email.*` test one email row of the user). */
export type UserQueryField =
  | 'id'
  | 'userName'
  | 'externalId'
  | 'displayName'
  | 'givenName'
  | 'familyName'
  | 'active'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
  | 'email.value'
  | 'email.type'
  | 'email.primary'
  | `profile.${string}`
  | `attribute.${string}`
  | 'group.id';

/** Group fields a query can test or sort on (`member.id` tests one membership). */
export type GroupQueryField = 'id' | 'displayName' | 'externalId' | 'createdAt' | 'updatedAt' | 'version' | 'member.id';

/** `field op value`; `caseExact: false` compares strings case-insensitively. */
export interface CompareCondition<F extends string> {
  readonly kind: 'compare';
  readonly field: F;
  readonly op: CompareOperator;
  readonly value: QueryValue;
  readonly caseExact: boolean;
}

/** The field has a non-null, non-empty value. */
export interface PresentCondition<F extends string> {
  readonly kind: 'present';
  readonly field: F;
}

/** Boolean combinations. */
export interface LogicalCondition<F extends string> {
  readonly kind: 'and' | 'or';
  readonly conditions: readonly QueryCondition<F>[];
}

/** Negation. */
export interface NotCondition<F extends string> {
  readonly kind: 'not';
  readonly condition: QueryCondition<F>;
}

/**
 * "Some row of a multi-valued field satisfies all of this" (RFC 7644 §3.4.2.2 value paths:
 * `emails[type eq "work" and value co "@x"]` must hold for one and the same email). `collection`
 * is the field prefix (`email`, `member`) every inner field shares.
 */
export interface SomeCondition<F extends string> {
  readonly kind: 'some';
  readonly collection: string;
  readonly condition: QueryCondition<F>;
}

/** Always true or always false (an attribute the store does not hold can match nothing). */
export interface ConstantCondition {
  readonly kind: 'constant';
  readonly value: boolean;
}

/** A query condition over fields `F`. */
export type QueryCondition<F extends string> =
  CompareCondition<F> | PresentCondition<F> | LogicalCondition<F> | NotCondition<F> | SomeCondition<F> | ConstantCondition;

/** Sort key; ties are always broken by id so pages are stable. */
export interface QuerySort<F extends string> {
  readonly field: F;
  readonly descending: boolean;
}

/** A page of a query: `offset` rows skipped, at most `limit` returned (0 = count only). */
export interface ResourceQuery<F extends string> {
  readonly iamId: string;
  readonly filter?: QueryCondition<F>;
  readonly sort?: QuerySort<F>;
  readonly offset: number;
  readonly limit: number;
}

/** A user query. Users the IdP deprovisioned are excluded unless asked for. */
export interface UserQuery extends ResourceQuery<UserQueryField> {
  readonly includeDeprovisioned?: boolean;
}

/** A group query. */
export type GroupQuery = ResourceQuery<GroupQueryField>;

/** One page of results plus the number of all matches. */
export interface QueryPage<T> {
  readonly total: number;
  readonly items: readonly T[];
}
