/**
 * Writes docs/authorization.md from the procedures' declarations in the router (`meta.access`, set by the
 * procedure builder each one starts from, and `meta.note`), so the published matrix is the one the API
 * enforces. Run with `pnpm --filter @loanbook/api docs:authorization`; test/authorization.test.ts fails
 * when the committed file differs from this output.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TRole } from '@loanbook/domain/accounts';
import { isAllowed } from '@loanbook/domain/authorization';
import { appCatalogue, type TProcedureInfo } from '../src/trpc/catalogue';

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

export function renderAuthorizationDoc(catalogue: readonly TProcedureInfo[] = appCatalogue()): string {
  const rows = catalogue.map(({ path, meta }) => {
    const { access } = meta;
    if (!access)
      throw new Error(`${path} declares no access rule: start it from a procedure of trpc/init.ts`);
    const marks = COLUMNS.map(([, role]) => (isAllowed(access, role) ? '✓' : '—'));
    return `| \`${path}\` | ${marks.join(' | ')} | ${cell(meta.note ?? '')} |`;
  });
  return [
    '# Authorization matrix',
    '',
    "<!-- Generated from the procedures' declarations in the router (the builder each procedure starts",
    '     from in apps/api/src/trpc/init.ts, and its `.meta({ note })`) by',
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
