import { ROLES, type TRole } from '@loanbook/domain/accounts';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

export const TOKEN_LIFETIME_SECONDS = 60 * 60;
const ISSUER = 'loanbook';
const AUDIENCE = 'loanbook-api';
/** Pinned on verify: a token that names any other algorithm (`none`, RS256, …) is refused. */
const ALGORITHM = 'HS256';
/** Clocks of replicas may differ this much; an `iat` further in the future is refused. */
const CLOCK_SKEW_SECONDS = 30;

export interface TTokenClaims {
  userId: string;
  role: TRole;
  tokenVersion: number;
}

const ZClaims = z.object({
  sub: z.uuid(),
  role: z.enum(ROLES),
  tv: z.number().int().min(0),
});

export interface TTokenService {
  issue(claims: TTokenClaims): Promise<{ token: string; expiresAt: Date }>;
  /** The claims of a valid token, or null for any invalid, expired or forged one. */
  verify(token: string): Promise<TTokenClaims | null>;
}

export function createTokenService(secret: string, now: () => Date = () => new Date()): TTokenService {
  const key = new TextEncoder().encode(secret);
  return {
    async issue({ userId, role, tokenVersion }) {
      const issuedAt = Math.floor(now().getTime() / 1000);
      const expiresAt = new Date((issuedAt + TOKEN_LIFETIME_SECONDS) * 1000);
      const token = await new SignJWT({ role, tv: tokenVersion })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .sign(key);
      return { token, expiresAt };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: ISSUER,
          audience: AUDIENCE,
          requiredClaims: ['sub', 'iat', 'exp'],
          currentDate: now(),
        });
        // A token issued in the future (beyond the clocks' skew) or for longer than the lifetime we issue
        // is refused even when its own `exp` says otherwise: a leaked secret cannot mint long-lived tokens
        // unnoticed. `exp` itself has no tolerance.
        const { iat = 0, exp = 0 } = payload;
        const nowSeconds = Math.floor(now().getTime() / 1000);
        if (iat > nowSeconds + CLOCK_SKEW_SECONDS || exp - iat > TOKEN_LIFETIME_SECONDS) return null;
        const claims = ZClaims.parse(payload);
        return { userId: claims.sub, role: claims.role, tokenVersion: claims.tv };
      } catch {
        return null;
      }
    },
  };
}
