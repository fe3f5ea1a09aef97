/**
 * Security audit trail: who did what, from where, in which request — as structured log records (pino
 * fields), never with a secret. The procedures do not log; one tRPC middleware (src/trpc/init.ts) writes a
 * record for every call of a procedure whose meta declares an `audit` rule, from its input and outcome, into the
 * `audit` sink of the context. The HTTP transport's sink is the request logger; the default is a no-op.
 */

export interface TAuditRecord {
  /** e.g. `auth.login.succeeded`, `auth.login.failed`, `agent.suspended`, `loan.approved` */
  event: string;
  outcome: 'success' | 'failure';
  actor: { id: string; username: string; role: string } | null;
  ip: string;
  requestId: string;
  /** Error code of a failure (`UNAUTHORIZED`, `TOO_MANY_REQUESTS`, …). */
  code?: string;
  /** The username a login or registration was attempted with (never the password). */
  username?: string;
  targetType?: 'user' | 'loan';
  targetId?: string;
  /** Status of the target after a successful change. */
  status?: string;
  reason?: string;
}

export type TAuditSink = (record: TAuditRecord) => void;

export const NO_AUDIT: TAuditSink = () => {};

/** What one procedure writes to the audit trail; declared in the procedure's `.meta({ audit })`. */
export interface TAuditRule {
  /** Event name of a success; a failure is `<name>.failed` unless `failed` says otherwise. */
  event: string;
  failed?: string;
  /** Which input field names the target, and which holds a free-text reason. */
  target?: { type: 'user' | 'loan'; field: 'agentId' | 'loanId' };
  /** The input field holding the attempted username, for sign-in and registration. */
  logsUsername?: boolean;
  /** A successful sign-in is performed by the account that signed in (the result's `user`). */
  actorFromResult?: boolean;
}

/** A string field of untrusted input, bounded so a hostile value cannot flood the log. */
function field(input: unknown, name: string, max: number): string | undefined {
  if (typeof input !== 'object' || input === null || !Object.hasOwn(input, name)) return undefined;
  const value = (input as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.slice(0, max) : undefined;
}

type TActor = TAuditRecord['actor'];

/**
 * The audit record of one call of an audited procedure. `result` is the procedure's output on success;
 * for a failure, `code` is the error code the client got.
 */
export function auditRecordFor(
  rule: TAuditRule,
  call: {
    input: unknown;
    outcome: { ok: true; result: unknown } | { ok: false; code: string };
    actor: TActor;
    ip: string;
    requestId: string;
  },
): TAuditRecord {
  const { outcome, input } = call;
  const record: TAuditRecord = {
    event: outcome.ok ? rule.event : (rule.failed ?? `${rule.event}.failed`),
    outcome: outcome.ok ? 'success' : 'failure',
    actor: call.actor,
    ip: call.ip,
    requestId: call.requestId,
  };
  if (!outcome.ok) record.code = outcome.code;
  if (rule.logsUsername) {
    const username = field(input, 'username', 64);
    if (username !== undefined) record.username = username;
  }
  if (rule.target) {
    record.targetType = rule.target.type;
    const targetId = field(input, rule.target.field, 64);
    if (targetId !== undefined) record.targetId = targetId;
    const reason = field(input, 'reason', 500);
    if (reason !== undefined) record.reason = reason;
  }
  if (outcome.ok) {
    const result = outcome.result as { status?: unknown; user?: TActor & { status?: unknown } } | null;
    if (rule.actorFromResult && result?.user) {
      const { id, username, role } = result.user;
      record.actor = { id, username, role };
    }
    if (typeof result?.status === 'string') record.status = result.status;
  }
  return record;
}
