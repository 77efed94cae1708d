import { z } from 'zod';

/** Input of createGroup. */
export const createGroupSchema = z.object({
  displayName: z.string().trim().min(1, 'displayName is required').max(256),
  externalId: z.string().trim().min(1).max(512).nullish(),
});

/** Input of updateGroup. */
export const updateGroupSchema = createGroupSchema.partial();

/** createGroup input. */
export type CreateGroupInput = z.input<typeof createGroupSchema>;
/** updateGroup input. */
export type UpdateGroupInput = z.input<typeof updateGroupSchema>;
