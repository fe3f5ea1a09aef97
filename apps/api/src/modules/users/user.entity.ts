import { ROLES, USER_STATUSES } from '@loanbook/domain/accounts';
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { versionedProperties } from '../../db/versioned-properties';

/** An account of any role. `passwordHash` is `hidden` so no serialization can ever include it. */
export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    username: p.string().length(40),
    email: p.string().length(254),
    phone: p.string().length(20).nullable(),
    passwordHash: p.text().hidden(),
    role: p.enum([...ROLES]),
    status: p.enum([...USER_STATUSES]),
    statusReason: p.string().length(500).nullable(),
    /** Bumped to revoke every token issued before (suspension, password change). */
    tokenVersion: p.integer().default(0),
    ...versionedProperties(),
  },
});

export type IUser = InferEntity<typeof User>;
