/** Secrets for the reference backend, on Web Crypto only (runs in Node and in browsers alike). */

const encoder = new TextEncoder();

function randomBelow(limit: number, count: number): number[] {
  // Rejection sampling over bytes: no modulo bias.
  const ceiling = 256 - (256 % limit);
  const out: number[] = [];
  while (out.length < count) {
    for (const byte of crypto.getRandomValues(new Uint8Array(count * 2))) {
      if (byte < ceiling && out.length < count) out.push(byte % limit);
    }
  }
  return out;
}

/** `length` decimal digits from a CSPRNG, uniformly. */
export function randomDigits(length: number): string {
  return randomBelow(10, length).join('');
}

/** `length` lowercase letters from a CSPRNG, uniformly (app passwords). */
export function randomLetters(length: number): string {
  return randomBelow(26, length)
    .map((n) => String.fromCharCode(97 + n))
    .join('');
}

/** An unguessable identifier with a readable prefix: `enr_3f9a…` (128 bits). */
export function randomId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** True for an identifier `randomId` could have made ("__proto__" and the like are not). */
export function isId(id: string): boolean {
  return /^[a-z]+_[0-9a-f]{32}$/.test(id);
}

/** A keyed hash (HMAC-SHA-256) of a secret, hex-encoded. Codes and app passwords are stored only so. */
export class SecretHasher {
  private readonly key: Promise<CryptoKey>;

  constructor(secret?: string | Uint8Array<ArrayBuffer>) {
    const raw = secret === undefined ? crypto.getRandomValues(new Uint8Array(32)) : typeof secret === 'string' ? encoder.encode(secret) : secret;
    this.key = crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  }

  /** Hash of `value`, bound to `context` (the enrollment's id, say) so hashes cannot be swapped. */
  async hash(context: string, value: string): Promise<string> {
    const mac = await crypto.subtle.sign('HMAC', await this.key, encoder.encode(`${context}\u0000${value}`));
    return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  /** Whether `value` hashes to `expected`, compared in constant time. */
  async matches(context: string, value: string, expected: string): Promise<boolean> {
    return constantTimeEqual(await this.hash(context, value), expected);
  }
}

/** Compares two strings without an early exit, so timing does not tell how much matched. */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}
