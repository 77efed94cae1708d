import fc from 'fast-check';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The user as the reference model sees it. */
export interface UserModel {
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  title: string | null;
  active: boolean;
  department: string | null;
  emails: { value: string; type: string | null; primary: boolean }[];
}

/** One generated step: the SCIM operations to send and what they do to the model. */
export interface PatchStep {
  readonly operations: Record<string, unknown>[];
  readonly valid: boolean;
  apply(model: UserModel): void;
}

const name = fc.constantFrom('Ann', 'Bob', 'Céline', "Dee O'Neil");
const email = fc.constantFrom('a@x.io', 'b@x.io', 'c@x.io');
const type = fc.constantFrom('work', 'home');
const cased = (op: string) => fc.constantFrom(op, op[0]!.toUpperCase() + op.slice(1), op.toUpperCase());

const setDisplayName = fc.tuple(name, cased('replace'), fc.boolean()).map(([v, op, pathless]): PatchStep => ({
  operations: [pathless ? { op, value: { displayName: v } } : { op, path: 'displayName', value: v }],
  valid: true,
  apply: (m) => void (m.displayName = v),
}));
const removeDisplayName = cased('remove').map((op): PatchStep => ({
  operations: [{ op, path: 'displayName' }],
  valid: true,
  apply: (m) => void (m.displayName = null),
}));
const setGivenName = fc.tuple(name, cased('replace'), fc.constantFrom('path', 'dotted', 'object')).map(([v, op, style]): PatchStep => ({
  operations: [
    style === 'path'
      ? { op, path: 'name.givenName', value: v }
      : style === 'dotted'
        ? { op, value: { 'name.givenName': v } }
        : { op, value: { name: { givenName: v } } },
  ],
  valid: true,
  apply: (m) => void (m.givenName = v),
}));
const setActive = fc.tuple(fc.boolean(), fc.boolean(), cased('replace')).map(([v, asString, op]): PatchStep => ({
  operations: [{ op, path: 'active', value: asString ? (v ? 'True' : 'False') : v }],
  valid: true,
  apply: (m) => void (m.active = v),
}));
const addEmail = fc.tuple(email, type, cased('add')).map(([v, t, op]): PatchStep => ({
  operations: [{ op, path: 'emails', value: [{ value: v, type: t }] }],
  valid: true,
  apply: (m) => void (m.emails = [...m.emails.filter((e) => e.value !== v), { value: v, type: t, primary: false }]),
}));
const replaceWorkEmail = fc.tuple(email, cased('replace')).map(([v, op]): PatchStep => ({
  operations: [{ op, path: 'emails[type eq "work"].value', value: v }],
  valid: true,
  apply: (m) => {
    if (m.emails.some((e) => e.type === 'work')) m.emails = m.emails.map((e) => (e.type === 'work' ? { ...e, value: v } : e));
    else m.emails = [...m.emails, { value: v, type: 'work', primary: false }];
  },
}));
const removeEmailsOfType = fc.tuple(type, cased('remove')).map(([t, op]): PatchStep => ({
  operations: [{ op, path: `emails[type eq "${t}"]` }],
  valid: true,
  apply: (m) => void (m.emails = m.emails.filter((e) => e.type !== t)),
}));
const setDepartment = fc.tuple(name, cased('add')).map(([v, op]): PatchStep => ({
  operations: [{ op, path: `${ENTERPRISE}:department`, value: v }],
  valid: true,
  apply: (m) => void (m.department = v),
}));
const setTitle = fc.tuple(fc.option(name, { nil: null }), fc.boolean()).map(([v, pathless]): PatchStep => ({
  operations: [
    v === null
      ? { op: 'remove', path: 'title' }
      : pathless
        ? { op: 'replace', value: { title: v } }
        : { op: 'add', path: 'title', value: v },
  ],
  valid: true,
  apply: (m) => void (m.title = v),
}));
const valid = fc.oneof(
  setDisplayName,
  removeDisplayName,
  setGivenName,
  setActive,
  addEmail,
  replaceWorkEmail,
  removeEmailsOfType,
  setDepartment,
  setTitle,
);
/** A valid change followed by a broken operation: the whole request must change nothing. */
const broken = fc
  .tuple(
    valid,
    fc.constantFrom<Record<string, unknown>>(
      { op: 'frobnicate', path: 'title' },
      { op: 'remove' },
      { op: 'replace', path: 'emails[type eq', value: 'x' },
      { op: 'replace', path: 'displayName', value: 42 },
      { op: 'replace', path: 'active', value: 'maybe' },
    ),
  )
  .map(([step, bad]): PatchStep => ({ operations: [...step.operations, bad], valid: false, apply: () => {} }));

/** Random PATCH requests (1–3 operations each, sometimes broken). */
export const patchSteps = fc.array(
  fc.oneof({ arbitrary: fc.array(valid, { minLength: 1, maxLength: 3 }).map(mergeSteps), weight: 4 }, { arbitrary: broken, weight: 1 }),
  { minLength: 1, maxLength: 6 },
);

function mergeSteps(steps: PatchStep[]): PatchStep {
  return { operations: steps.flatMap((s) => s.operations), valid: true, apply: (m) => steps.forEach((s) => s.apply(m)) };
}

/** The model of what a SCIM User resource shows. */
export function modelOf(resource: any): UserModel {
  return {
    displayName: resource.displayName ?? null,
    givenName: resource.name?.givenName ?? null,
    familyName: resource.name?.familyName ?? null,
    title: resource.title ?? null,
    active: resource.active,
    department: resource[ENTERPRISE]?.department ?? null,
    emails: (resource.emails ?? []).map((e: any) => ({ value: e.value, type: e.type ?? null, primary: e.primary })),
  };
}
