// Password hashing: argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane).
// The parameters live in the encoded hash, so raising them later keeps old hashes valid.
import { hash, verify } from '@node-rs/argon2';

// `Algorithm` is an ambient const enum (not importable under isolatedModules): 2 = Argon2id.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False for a wrong password and for a malformed hash (never throws on bad input). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
