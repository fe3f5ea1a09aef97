import { z } from 'zod';

/** The only place that reads `process.env`. An empty variable counts as unset. */
const ZEnv = z.object({
  /** Where Loanbook runs, e.g. https://loans.example.com. */
  LOANBOOK_URL: z.url({ error: 'LOANBOOK_URL must be a URL like https://loans.example.com' }).optional(),
  /** A bearer token from `auth.login`: an admin's for `import`, anyone's for `export`. */
  LOANBOOK_TOKEN: z.string().optional(),
  /** For `import`: the token of the approved agent who opens the imported loans. */
  LOANBOOK_AGENT_TOKEN: z.string().optional(),
  /** Set by npm and pnpm to where the command was typed, when run as `pnpm loanbook …`. */
  INIT_CWD: z.string().optional(),
  npm_lifecycle_event: z.string().optional(),
});

export type TEnv = z.infer<typeof ZEnv> & { workingDir: string };

export function readEnv(env: NodeJS.ProcessEnv = process.env): TEnv {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = ZEnv.safeParse(present);
  if (!result.success) throw new Error(result.error.issues.map((issue) => issue.message).join('\n'));
  const viaScript = result.data.npm_lifecycle_event === 'loanbook' && result.data.INIT_CWD;
  return { ...result.data, workingDir: viaScript ? (result.data.INIT_CWD ?? process.cwd()) : process.cwd() };
}
