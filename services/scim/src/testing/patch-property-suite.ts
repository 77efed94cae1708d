import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TestDatabase } from '@roster/db/testing';
import { patchOp, useScimFixture } from './scim-fixture.ts';
import { modelOf, patchSteps, type UserModel } from './patch-model.ts';

/** Random PATCH sequences keep the resource equal to a reference model; broken requests change nothing. */
export function describePatchPropertySuite(backend: string, openDatabase: () => Promise<TestDatabase>, numRuns: number): void {
  describe(`PATCH vs a reference model on ${backend}`, () => {
    const fx = useScimFixture(openDatabase);

    it('matches the model after every request', async () => {
      const scim = await fx.newIam();
      let n = 0;
      await fc.assert(
        fc.asyncProperty(patchSteps, async (steps) => {
          n += 1;
          const start = {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName: `prop${n}`,
            name: { givenName: 'G', familyName: 'F' },
            emails: [{ value: 'w@x.io', type: 'work', primary: true }],
            active: true,
          };
          const created = await scim.call('POST', '/Users', start);
          const model: UserModel = modelOf(created.body);
          for (const step of steps) {
            const reply = await scim.call('PATCH', `/Users/${created.body.id}`, patchOp(...step.operations));
            expect(reply.status, JSON.stringify(step.operations)).toBe(step.valid ? 200 : 400);
            step.apply(model);
            const stored = await scim.call('GET', `/Users/${created.body.id}`);
            expect(modelOf(stored.body), JSON.stringify(step.operations)).toEqual(model);
          }
        }),
        { numRuns },
      );
    });
  });
}
