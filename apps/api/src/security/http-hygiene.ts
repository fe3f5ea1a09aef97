import type { Socket } from 'node:net';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import { ERRORS, errorCodeOfStatus } from '@loanbook/domain/errors';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TSecurityConfig } from './config';

/**
 * The Content-Security-Policy of the app and the API. The built SPA (apps/web/dist) loads only its own
 * module scripts, so `script-src 'self'` holds (no inline script, no eval). Mantine writes its CSS
 * variables into a `<style>` element and sets `style` attributes at run time, hence the one relaxation
 * `style-src 'unsafe-inline'` (styles cannot run code). No `upgrade-insecure-requests`: the app is also
 * served over plain HTTP on a LAN or localhost, where it would break every asset.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
} as const;

/**
 * Requests Node's HTTP parser refuses before any route sees them: headers or URL over 16 KiB (431), a
 * request not received within `requestTimeout` (408), or bytes that are not HTTP (400). Answered in the
 * REST error shape — no route, so no tRPC envelope — and the connection is closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? 'TIMEOUT'
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? 'REQUEST_HEADER_FIELDS_TOO_LARGE'
        : 'BAD_REQUEST';
  const { status } = ERRORS[code];
  const message = code === 'BAD_REQUEST' ? 'The request could not be read' : ERRORS[code].message;
  const body = JSON.stringify({ code, message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${code}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Security headers (helmet), CORS only for allow-listed origins, and one error handler for failures
 * outside the procedures: its bodies never carry a stack trace, SQL or a library message — the server
 * log has those, with the request id the client also gets in `x-request-id`.
 */
export async function registerHttpHygiene(app: FastifyInstance, config: TSecurityConfig): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    // Tokens travel in the Authorization header, never in a URL, so no referrer leaks one; still, send none
    // to other sites.
    referrerPolicy: { policy: 'no-referrer' },
  });

  if (config.corsOrigins.length) {
    await app.register(fastifyCors, {
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'retry-after'],
      // Bearer tokens, not cookies: browsers need not send credentials cross-origin.
      credentials: false,
      maxAge: 600,
    });
  }

  app.setErrorHandler((error: FastifyError, request, reply) => sendFailure(error, request, reply));
}

/**
 * Failures of Fastify's router, before any hook or handler: a URL whose percent-encoding is not UTF-8 (or
 * whose path segment is over the length limit) is a 400 in the same shapes; anything else a 500.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const isBadUrl = error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  return sendFailure(Object.assign(error, { statusCode: isBadUrl ? 400 : 500 }), request, reply);
}

/** The JSON-RPC code tRPC's envelope carries for an API error code (tRPC's own table). */
const jsonRpcCodeOf = (code: string): number =>
  Object.hasOwn(TRPC_ERROR_CODES_BY_KEY, code)
    ? TRPC_ERROR_CODES_BY_KEY[code as keyof typeof TRPC_ERROR_CODES_BY_KEY]
    : TRPC_ERROR_CODES_BY_KEY.BAD_REQUEST;

function sendFailure(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const given = error.statusCode ?? 500;
  const status = given >= 400 && given < 600 ? given : 500;
  const code = errorCodeOfStatus(status);
  if (status >= 500) {
    request.log.error({ err: error, requestId: request.id }, 'request failed');
  } else {
    request.log.info({ errCode: error.code, requestId: request.id, status }, 'request refused');
  }
  // Fastify's own texts name its internals; clients get the table's message (a body it could not parse
  // is "could not be read", not "invalid input": no field is to blame).
  const message = code === 'BAD_REQUEST' ? 'The request could not be read' : ERRORS[code].message;
  reply.code(status);
  // The tRPC endpoint answers in its own envelope, so a tRPC client reads this error like any other.
  if (/^\/trpc(\/|$|\?)/.test(request.url)) {
    return reply.send({
      error: { message, code: jsonRpcCodeOf(code), data: { code, httpStatus: status, path: null } },
    });
  }
  return reply.send({ code, message });
}
