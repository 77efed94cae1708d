/**
 * The member references (normalized DNs, or lower-case user names for memberUid) that group
 * entries name, resolved to Roster user ids while the users are synced: a reference is let go as
 * soon as its user is seen, so what a run holds shrinks from references to ids as it goes, instead
 * of growing a map of every user's DN beside the references (at 100,000 users those two were most
 * of a run's live memory). A reference usually belongs to one group, so it maps to a group id,
 * and to an array only when several groups name it.
 */
export class PendingMembers {
  readonly #members = new Map<string, string[]>();
  readonly #waiting = new Map<string, string | string[]>();

  /** The references of a group's entry (a later entry for the same group replaces them). */
  set(groupId: string, refs: readonly string[]): void {
    if (this.#members.has(groupId)) this.#forget(groupId);
    this.#members.set(groupId, []);
    for (const ref of refs) {
      const named = this.#waiting.get(ref);
      if (named === undefined) this.#waiting.set(ref, groupId);
      else if (typeof named === 'string') {
        if (named !== groupId) this.#waiting.set(ref, [named, groupId]);
      } else if (!named.includes(groupId)) named.push(groupId);
    }
  }

  /** A synced user: the groups that name `ref` get `userId` as a member. */
  resolve(ref: string, userId: string): void {
    const named = this.#waiting.get(ref);
    if (named === undefined) return;
    this.#waiting.delete(ref);
    for (const groupId of typeof named === 'string' ? [named] : named) this.#members.get(groupId)!.push(userId);
  }

  /** The groups with member lists, in the order their entries were read. */
  groupIds(): string[] {
    return [...this.#members.keys()];
  }

  /** Ends the resolving: the references no synced user matched, by group. */
  takeUnresolved(): Map<string, string[]> {
    const byGroup = new Map<string, string[]>();
    for (const [ref, named] of this.#waiting) {
      for (const groupId of typeof named === 'string' ? [named] : named)
        (byGroup.get(groupId) ?? byGroup.set(groupId, []).get(groupId)!).push(ref);
    }
    this.#waiting.clear();
    return byGroup;
  }

  /** How many members were resolved for a group so far. */
  size(groupId: string): number {
    return this.#members.get(groupId)?.length ?? 0;
  }

  /** A group's resolved member ids; the group is let go. */
  take(groupId: string): string[] {
    const ids = this.#members.get(groupId) ?? [];
    this.#members.delete(groupId);
    return ids;
  }

  /** Drops a group's references (rare: a second entry for the same group), by one pass over all. */
  #forget(groupId: string): void {
    for (const [ref, named] of this.#waiting) {
      if (named === groupId) this.#waiting.delete(ref);
      else if (typeof named !== 'string' && named.includes(groupId)) {
        const rest = named.filter((id) => id !== groupId);
        this.#waiting.set(ref, rest.length === 1 ? rest[0]! : rest);
      }
    }
    this.#members.delete(groupId);
  }
}
