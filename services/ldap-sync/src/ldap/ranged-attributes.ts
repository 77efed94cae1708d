/** Reads one attribute option of one entry, e.g. `member;range=1500-*`: the entry's attributes. */
export type RangeReader = (dn: string, attribute: string) => Promise<Readonly<Record<string, string[]>>>;

const RANGED = /^([^;]+);range=(\d+)-(\d+|\*)$/i;

/**
 * Completes attributes Active Directory returned in ranges (`member;range=0-1499`): asks for the
 * next range until the server answers with one ending in `*`, and returns the attributes with the
 * ranged keys replaced by the full attribute. Entries without ranged keys come back unchanged.
 */
export async function completeRangedAttributes(
  dn: string,
  attributes: Readonly<Record<string, string[]>>,
  read: RangeReader,
): Promise<Readonly<Record<string, string[]>>> {
  // The usual case, every entry of a page: nothing ranged, nothing to copy.
  if (!Object.keys(attributes).some((key) => key.includes(';'))) return attributes;
  const result: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(attributes)) {
    const match = RANGED.exec(key);
    if (!match) {
      result[key] = [...(result[key] ?? []), ...values];
      continue;
    }
    const name = match[1]!;
    const collected = [...values];
    let end = match[3]!;
    while (end !== '*') {
      const next = Number(end) + 1;
      const page = await read(dn, `${name};range=${next}-*`);
      const found = Object.entries(page).find(([k]) => RANGED.test(k) && RANGED.exec(k)![1]!.toLowerCase() === name.toLowerCase());
      if (!found) break;
      collected.push(...found[1]);
      end = RANGED.exec(found[0])![3]!;
    }
    result[name] = [...(result[name] ?? []), ...collected];
  }
  return result;
}
