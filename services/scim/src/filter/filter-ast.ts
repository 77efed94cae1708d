/** RFC 7644 §3.4.2.2 filter syntax trees. Positions are 0-based offsets into the filter text. */

/** `[urn:...:]name[.sub]`: an attribute path; `uri` is the schema URN prefix when one was given. */
export interface AttrPath {
  readonly uri: string | null;
  readonly name: string;
  readonly sub: string | null;
  readonly position: number;
}

/** Comparison operators of RFC 7644 §3.4.2.2 table 3. */
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** A comparison literal: JSON string, number, true, false or null. */
export type FilterValue = string | number | boolean | null;

/** A filter expression. */
export type Filter =
  | { readonly type: 'compare'; readonly path: AttrPath; readonly op: CompareOp; readonly value: FilterValue }
  | { readonly type: 'present'; readonly path: AttrPath }
  | { readonly type: 'and' | 'or'; readonly left: Filter; readonly right: Filter }
  | { readonly type: 'not'; readonly filter: Filter }
  /** `emails[type eq "work"]`: some value of a multi-valued attribute matches `filter`. */
  | { readonly type: 'valuePath'; readonly path: AttrPath; readonly filter: Filter };

/** A PATCH path (RFC 7644 §3.5.2): `attrPath`, or `valuePath` optionally followed by `.subAttr`. */
export interface PatchPath {
  readonly path: AttrPath;
  readonly filter: Filter | null;
  /** The sub-attribute after a value filter: `emails[type eq "work"].value` -> `value`. */
  readonly sub: string | null;
}

/** A syntax error in a filter or path, with the offset it was found at. */
export class FilterSyntaxError extends Error {
  override readonly name = 'FilterSyntaxError';
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
  }
}
