import { z } from 'zod';

/**
 * Free text stored in PostgreSQL: trimmed, length-bounded, and without NUL (U+0000), which PostgreSQL
 * text cannot hold — refused as bad input rather than failing in the driver with a 500.
 */
export const zText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? 'Required' : `Must be at least ${min} characters`)
    .max(max, `Must be at most ${max} characters`)
    .refine((text) => !text.includes('\u0000'), 'Must not contain NUL characters');
