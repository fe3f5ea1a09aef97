/**
 * Writes docs/authorization.md from ACCESS_MATRIX, so the published matrix is the one the API enforces.
 * Run with `pnpm --filter @loanbook/api docs:authorization`; test/authorization-matrix.test.ts fails when
 * the committed file differs from this output.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TRole } from '@loanbook/domain/accounts';
import { ACCESS_MATRIX, isAllowed, type TAccessRule } from '@loanbook/domain/authorization';

export const AUTHORIZATION_DOC_PATH = fileURLToPath(
  new URL('../../../docs/authorization.md', import.meta.url),
);

const COLUMNS: ReadonlyArray<[label: string, role: TRole | null]> = [
  ['anonymous', null],
  ['customer', 'customer'],
  ['agent', 'agent'],
  ['admin', 'admin'],
];

/** Pipes would end a Markdown table cell early. */
const cell = (text: string) => text.replaceAll('|', '\\|');

export function renderAuthorizationDoc(): string {
  const rules: Array<[string, TAccessRule]> = Object.entries(ACCESS_MATRIX);
  const rows = rules.map(([path, rule]) => {
    const marks = COLUMNS.map(([, role]) => (isAllowed(rule, role) ? '✓' : '—'));
    return `| \`${path}\` | ${marks.join(' | ')} | ${cell(rule.note ?? '')} |`;
  });
  return [
    '# Authorization matrix',
    '',
    '<!-- Generated from ACCESS_MATRIX (packages/domain/src/authorization.ts) by',
    '     `pnpm --filter @loanbook/api docs:authorization`. Do not edit by hand. -->',
    '',
    'Who may call each procedure of the API. ✓ allowed, — refused.',
    '',
    '- **anonymous**: no token. Refused with 401 `UNAUTHORIZED`.',
    '- **agent**: an agent an admin has approved. Pending, rejected and suspended agents are refused with',
    '  403 `FORBIDDEN` by every procedure not open to anonymous callers.',
    '- A signed-in caller whose role is not allowed is refused with 403 `FORBIDDEN`.',
    '- The notes are rules on the loan itself, enforced by the services: a loan a customer may not see is',
    "  404 `NOT_FOUND`, as if it did not exist; a step the loan's state does not allow (another agent",
    '  forwarding or editing a loan one agent already forwarded, deciding twice) is 409 `CONFLICT`.',
    '',
    `| procedure | ${COLUMNS.map(([label]) => label).join(' | ')} | notes |`,
    `|---|${COLUMNS.map(() => ':-:').join('|')}|---|`,
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(AUTHORIZATION_DOC_PATH, renderAuthorizationDoc());
  console.log(`Wrote ${AUTHORIZATION_DOC_PATH}`);
}
