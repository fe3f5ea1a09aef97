import { decideAgentTransition, type TAgentCommand, type TAgentStatus } from '@loanbook/domain/accounts';
import { DomainError } from '@loanbook/domain/errors';
import type { TEntityManager } from '../../db/orm';
import { toUserDto } from './user.dto';
import { User } from './user.entity';

/** Commands after which the agent's existing tokens must stop working at once. */
const REVOKES_TOKENS: ReadonlySet<TAgentCommand> = new Set(['REJECT', 'SUSPEND']);

/** Approve, reject, suspend or reinstate an agent; the history subscriber records the status change. */
export async function changeAgentStatus(
  em: TEntityManager,
  agentId: string,
  command: TAgentCommand,
  reason: string | null = null,
) {
  const agent = await em.findOne(User, { id: agentId, role: 'agent' });
  if (!agent) throw new DomainError('NOT_FOUND', 'No such agent');
  agent.status = decideAgentTransition(agent.status as TAgentStatus, command);
  agent.statusReason = reason;
  if (REVOKES_TOKENS.has(command)) agent.tokenVersion += 1;
  await em.flush();
  return toUserDto(agent);
}
