/**
 * Procedure names of an earlier release that HTTP clients may still call, and the procedure each now is.
 * `loans.apply` became `loans.create` (the contract's name); tRPC's `router()` cannot hold the key
 * `apply` itself (its client proxy reads `.apply` as Function.prototype.apply), so the alias lives here,
 * on the URL, and nowhere in the router. Remove an entry once its clients have moved (docs/decisions.md).
 */
const ALIASES: Readonly<Record<string, string>> = { 'loans.apply': 'loans.create' };

/** `/trpc/loans.apply,loans.list?batch=1` → `/trpc/loans.create,loans.list?batch=1`; other URLs unchanged. */
export function rewriteProcedureAliases(url: string): string {
  if (!url.startsWith('/trpc/')) return url;
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const names = path.slice('/trpc/'.length).split(',');
  if (!names.some((name) => Object.hasOwn(ALIASES, name))) return url;
  const rewritten = names.map((name) => (Object.hasOwn(ALIASES, name) ? ALIASES[name] : name)).join(',');
  return `/trpc/${rewritten}${queryAt === -1 ? '' : url.slice(queryAt)}`;
}
