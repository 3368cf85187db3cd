import { hash } from 'crypto';

// One-shot digests (crypto.hash): no Hash object per call, about half what createHash costs on a
// short key, and a predict takes several (the credential's cache key, the text's key, the variant).

/** sha256 of a text or bytes, hex. */
export const sha256Hex = (data: string | Uint8Array): string => hash('sha256', data, 'hex');

/** sha256 of a text, base64 (a cache key). */
export const sha256Base64 = (data: string): string => hash('sha256', data, 'base64');

/** sha256 of a text as bytes (to read a number from). */
export const sha256Bytes = (data: string): Buffer => hash('sha256', data, 'buffer');
