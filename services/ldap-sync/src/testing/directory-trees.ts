/** Size and shape of a generated test directory. */
export interface TreeOptions {
  readonly users: number;
  readonly groups: number;
  /** Each user joins this many groups (round robin). */
  readonly groupsPerUser?: number;
}

/** Name of the n-th generated user (`user00001`, ...). */
export const userName = (n: number): string => `user${String(n).padStart(5, '0')}`;
/** Name of the n-th generated group. */
export const groupName = (n: number): string => `group${String(n).padStart(4, '0')}`;

/** Groups of user `n` (1-based, groups 1-based). */
export function groupsOf(n: number, options: TreeOptions): number[] {
  const count = Math.min(options.groupsPerUser ?? 1, options.groups);
  return Array.from({ length: count }, (_, i) => ((n - 1 + i) % options.groups) + 1);
}

/**
 * The Okta LDAP Interface layout: `uid=<user>,ou=users,<suffix>` inetOrgPerson entries and
 * `cn=<group>,ou=groups,<suffix>` groupOfUniqueNames with uniqueMember DNs.
 */
export function oktaTreeLdif(suffix: string, options: TreeOptions): string {
  const out: string[] = [
    `dn: ou=users,${suffix}\nobjectClass: organizationalUnit\nou: users\n`,
    `dn: ou=groups,${suffix}\nobjectClass: organizationalUnit\nou: groups\n`,
  ];
  const members = new Map<number, string[]>();
  for (let n = 1; n <= options.users; n += 1) {
    const name = userName(n);
    const dn = `uid=${name},ou=users,${suffix}`;
    out.push(
      `dn: ${dn}\nobjectClass: inetOrgPerson\nuid: ${name}\ncn: User ${n}\ngivenName: User\nsn: Number${n}\nmail: ${name}@example.com\ntitle: Engineer\ndepartmentNumber: D${n % 10}\n`,
    );
    for (const g of groupsOf(n, options)) members.set(g, [...(members.get(g) ?? []), dn]);
  }
  for (let g = 1; g <= options.groups; g += 1) {
    const list = members.get(g) ?? [`cn=nobody,${suffix}`];
    out.push(
      `dn: cn=${groupName(g)},ou=groups,${suffix}\nobjectClass: groupOfUniqueNames\ncn: ${groupName(g)}\n${list.map((dn) => `uniqueMember: ${dn}`).join('\n')}\n`,
    );
  }
  return out.join('\n');
}

/** uSNChanged of the AD tree's group `g` is this plus g, of user `n` this plus n (AD's change counter). */
export const AD_GROUP_USN = 5_000;
export const AD_USER_USN = 10_000;

/**
 * An Active-Directory-shaped tree: `CN=<name>,OU=People,<suffix>` users with sAMAccountName,
 * userPrincipalName, a binary objectGUID, userAccountControl and memberOf; `adGroup` groups with
 * member DNs, every entry with a uSNChanged. User `n` is disabled (userAccountControl bit 2) when `disabled` includes it.
 */
export function adTreeLdif(suffix: string, options: TreeOptions & { readonly disabled?: readonly number[] }): string {
  const out: string[] = [
    `dn: OU=People,${suffix}\nobjectClass: organizationalUnit\nou: People\n`,
    `dn: OU=Groups,${suffix}\nobjectClass: organizationalUnit\nou: Groups\n`,
  ];
  const members = new Map<number, string[]>();
  for (let n = 1; n <= options.users; n += 1) {
    const name = userName(n);
    const dn = `CN=${name},OU=People,${suffix}`;
    const groups = groupsOf(n, options).map((g) => `memberOf: CN=${groupName(g)},OU=Groups,${suffix}`);
    const uac = options.disabled?.includes(n) ? 514 : 512;
    out.push(
      `dn: ${dn}\nobjectClass: inetOrgPerson\nobjectClass: adUser\ncn: ${name}\nsn: Number${n}\ngivenName: User\ndisplayName: User ${n}\nmail: ${name}@corp.example\nsAMAccountName: ${name}\nuserPrincipalName: ${name}@corp.example\nobjectGUID:: ${guid(n)}\nuserAccountControl: ${uac}\nuSNChanged: ${AD_USER_USN + n}\n${groups.join('\n')}\n`,
    );
    for (const g of groupsOf(n, options)) members.set(g, [...(members.get(g) ?? []), dn]);
  }
  for (let g = 1; g <= options.groups; g += 1) {
    const list = (members.get(g) ?? []).map((dn) => `member: ${dn}`);
    out.push(
      `dn: CN=${groupName(g)},OU=Groups,${suffix}\nobjectClass: adGroup\ncn: ${groupName(g)}\nsAMAccountName: ${groupName(g)}\nuSNChanged: ${AD_GROUP_USN + g}\n${list.join('\n')}\n`,
    );
  }
  return out.join('\n').replace(/\n\n+/g, '\n\n');
}

/** A deterministic 16-byte GUID for user `n`, base64 (LDIF `::`). */
export function guid(n: number): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUInt32BE(0xa1b2c3d4, 0);
  bytes.writeUInt32BE(n, 12);
  return bytes.toString('base64');
}
