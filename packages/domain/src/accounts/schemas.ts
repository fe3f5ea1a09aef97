import { z } from 'zod';
import { ZPageInput, zPage } from '../pagination';
import { zText } from '../text';

export const ROLES = ['customer', 'agent', 'admin'] as const;
export type TRole = (typeof ROLES)[number];

export const USER_STATUSES = ['ACTIVE', 'PENDING', 'APPROVED', 'REJECTED', 'SUSPENDED'] as const;
export type TUserStatus = (typeof USER_STATUSES)[number];

export const AGENT_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'SUSPENDED'] as const;
export type TAgentStatus = (typeof AGENT_STATUSES)[number];

export const ZUsername = z
  .string()
  .trim()
  .min(3, 'Username must be at least 3 characters')
  .max(40, 'Username must be at most 40 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'Username may contain letters, digits, dot, underscore and hyphen');

/** Long passphrases are welcome; the cap only bounds hashing work (OWASP: allow at least 64). */
export const ZPassword = z
  .string()
  .min(10, 'Password must be at least 10 characters')
  .max(256, 'Password must be at most 256 characters');

export const ZEmail = z
  .string()
  .trim()
  .max(254, 'Email must be at most 254 characters')
  .pipe(z.email('Invalid email'));

export const ZPhone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, 'Invalid phone number');

export const ZRegistration = z
  .object({ username: ZUsername, password: ZPassword, email: ZEmail, phone: ZPhone.optional() })
  .strict();
export type TRegistration = z.infer<typeof ZRegistration>;

export const ZLogin = z
  .object({
    username: zText(1, 40),
    password: z.string().min(1).max(256),
  })
  .strict();
export type TLogin = z.infer<typeof ZLogin>;

/** The public view of an account: never a password or a hash. */
export const ZUser = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  role: z.enum(ROLES),
  status: z.enum(USER_STATUSES),
  createdAt: z.iso.datetime(),
});
export type TUser = z.infer<typeof ZUser>;

export const ZLoginResult = z.object({ token: z.string(), expiresAt: z.iso.datetime(), user: ZUser });

export const ZUserPage = zPage(ZUser);

export const ZUsersListInput = ZPageInput.extend({ role: z.enum(ROLES).optional() }).strict();
export const ZCustomersListInput = ZPageInput.extend({
  search: zText(0, 100).optional(),
}).strict();
export const ZAgentsListInput = ZPageInput.extend({ status: z.enum(AGENT_STATUSES).optional() }).strict();

export const ZAgentId = z.object({ agentId: z.uuid() }).strict();
export const ZAgentReject = z.object({ agentId: z.uuid(), reason: zText(1, 500) }).strict();
export const ZAgentSuspend = z
  .object({
    agentId: z.uuid(),
    reason: zText(1, 500).optional(),
  })
  .strict();

export const ZChangePassword = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: ZPassword })
  .strict()
  .refine((v) => v.currentPassword !== v.newPassword, {
    message: 'The new password must differ from the current one',
    path: ['newPassword'],
  });

export const ZOk = z.object({ ok: z.literal(true) });
