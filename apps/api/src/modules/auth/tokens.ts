import { ROLES, type TRole } from '@loanbook/domain/accounts';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

export const TOKEN_LIFETIME_SECONDS = 60 * 60;
const ISSUER = 'loanbook';
const AUDIENCE = 'loanbook-api';
/** Pinned on verify: a token that names any other algorithm (`none`, RS256, …) is refused. */
const ALGORITHM = 'HS256';

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
        const claims = ZClaims.parse(payload);
        return { userId: claims.sub, role: claims.role, tokenVersion: claims.tv };
      } catch {
        return null;
      }
    },
  };
}
