import { describe, expect, it } from 'vitest';
import { RosterError } from '@roster/core';
import { FilterSyntaxError } from '../filter/filter-ast.ts';
import { errorBody, toScimError } from './scim-error.ts';

describe('the SCIM error table (RFC 7644 §3.12)', () => {
  it('maps domain codes to status and scimType', () => {
    expect(errorBody(toScimError(new RosterError('USER_NAME_TAKEN', 'taken')))).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
      detail: 'taken',
    });
    expect(toScimError(new RosterError('VERSION_MISMATCH', 'x')).status).toBe(412);
    expect(toScimError(new RosterError('FIELD_OWNED_BY_IDP', 'x')).scimType).toBe('mutability');
    expect(toScimError(new RosterError('VALIDATION_FAILED', 'x', { details: { filter: true } })).scimType).toBe('invalidFilter');
    expect(toScimError(new FilterSyntaxError('Expected ")"', 4))).toMatchObject({
      status: 400,
      scimType: 'invalidFilter',
      message: 'Expected ")" at position 4',
    });
  });

  it('hides unexpected errors behind a plain 500', () => {
    const error = toScimError(new Error('password=hunter2 in a stack'));
    expect(errorBody(error)).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '500',
      detail: 'Internal error.',
    });
  });
});
