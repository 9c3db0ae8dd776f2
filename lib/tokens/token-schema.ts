// What creating a service token takes, and what a listed token looks like; shared by the API, the page and the CLI.
import { z } from 'zod';
import { parseDuration } from '@/lib/api/duration';

export const tokenRoles = ['viewer', 'operator', 'admin'] as const;
export const TOKEN_MAX_EXPIRY_DAYS = 365;
const MAX_EXPIRY_MS = TOKEN_MAX_EXPIRY_DAYS * 86_400_000;

export const tokenNameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'must be 1-63 lowercase letters, digits, ".", "_" or "-"');

export const tokenCreateSchema = z.object({
  name: tokenNameSchema,
  role: z.enum(tokenRoles),
  /** Cluster ids the token covers, or ["*"] for every configured cluster. */
  clusters: z
    .array(z.string().regex(/^(\*|[a-z0-9][a-z0-9_-]{0,62})$/, 'is not a cluster id or "*"'))
    .min(1, 'must name at least one cluster (or "*")')
    .max(100),
  /** How long the token lives, like 12h or 90d; at most 365d. */
  expiresIn: z
    .string()
    .refine(
      (value) => parseDuration(value) !== null,
      'must be a duration like 12h or 90d (a number, then s, m, h or d)',
    )
    .refine((value) => (parseDuration(value) ?? 0) >= 60_000, 'must be at least 1m')
    .refine((value) => (parseDuration(value) ?? 0) <= MAX_EXPIRY_MS, `must be at most ${TOKEN_MAX_EXPIRY_DAYS}d`),
  note: z.string().trim().max(500).optional(),
});
export type TokenCreateInput = z.infer<typeof tokenCreateSchema>;

export const tokenStatuses = ['active', 'expired', 'revoked'] as const;

export interface TokenRecord {
  id: string;
  name: string;
  role: (typeof tokenRoles)[number];
  clusters: string[];
  note: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  status: (typeof tokenStatuses)[number];
}
