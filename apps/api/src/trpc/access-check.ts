import { accessRuleFor } from '@loanbook/domain/authorization';
import { procedurePaths } from './app-router';

/** Refuses to start when a procedure has no entry in the authorization matrix. */
export function assertAccessMatrixCoversRouter(): void {
  const missing = procedurePaths().filter((path) => !accessRuleFor(path));
  if (missing.length) throw new Error(`Procedures without an authorization rule: ${missing.join(', ')}`);
}
