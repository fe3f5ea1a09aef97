/**
 * Signing in: with a token from the environment, or by asking for a username and password at a terminal.
 * A session made from a password signs in again shortly before its token expires (tokens last an hour;
 * a large import may take longer).
 */
import {
  createLoanbookClient,
  errorDetails,
  type LoanbookClient,
  type User,
  type UserRole,
} from '@loanbook/client';
import { ask, askSecret, canPrompt } from './prompt';

export interface TSession {
  client: LoanbookClient;
  user: User;
}

export class SignInError extends Error {}

const RENEW_BEFORE_MS = 2 * 60_000;

export async function resolveUrl(fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  if (!canPrompt())
    throw new SignInError('Set LOANBOOK_URL to where Loanbook runs, e.g. https://loans.example.com');
  const url = await ask('Loanbook URL (e.g. https://loans.example.com): ');
  if (!/^https?:\/\/\S+$/.test(url)) throw new SignInError(`Not a URL: ${url}`);
  return url;
}

/**
 * A signed-in client for one of `roles`. `who` names the account in messages ("an admin"), `envName`
 * the variable its token comes from.
 */
export async function signIn(options: {
  url: string;
  token: string | undefined;
  envName: string;
  roles: readonly UserRole[];
  who: string;
}): Promise<TSession> {
  const { url, envName, roles, who } = options;
  let client: LoanbookClient;
  if (options.token) {
    client = createLoanbookClient({ url, token: options.token });
  } else {
    if (!canPrompt())
      throw new SignInError(`Set ${envName} to the token of ${who}, or run this in a terminal to sign in.`);
    process.stderr.write(`Sign in as ${who} to ${url}\n`);
    const username = await ask('  Username: ');
    const password = await askSecret('  Password: ');
    const anonymous = createLoanbookClient({ url });
    const login = () => anonymous.auth.login.mutate({ username, password });
    let session = await login().catch((error: unknown) => {
      throw new SignInError(`Sign-in failed: ${errorDetails(error).message}`);
    });
    client = createLoanbookClient({
      url,
      token: async () => {
        if (Date.parse(session.expiresAt) - Date.now() < RENEW_BEFORE_MS) session = await login();
        return session.token;
      },
    });
  }
  const user = await client.auth.me.query().catch((error: unknown) => {
    const details = errorDetails(error);
    throw new SignInError(
      details.code === 'UNAUTHORIZED'
        ? `${envName} was not accepted (${details.message}): sign in again for a new token.`
        : details.code === null
          ? `Cannot reach Loanbook at ${url}: ${details.message}`
          : `${who} cannot sign in: ${details.message}`,
    );
  });
  if (!roles.includes(user.role)) {
    const article = /^[aeiou]/.test(user.role) ? 'an' : 'a';
    throw new SignInError(`${user.username} is ${article} ${user.role}; this needs ${who}.`);
  }
  return { client, user };
}
