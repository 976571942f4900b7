/** Default largest venue response body read, bytes (1 MiB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 1_048_576;

/** A response body longer than the limit: reading stopped, the answer is unusable. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`response body over ${limit} bytes (reading stopped)`);
    this.name = 'BodyTooLargeError';
  }
}

/** The part of an undici response body this needs. */
export interface ReadableBody extends AsyncIterable<Uint8Array> {
  destroy(error?: Error): unknown;
}

/**
 * Reads `body` as UTF-8 text, stopping (and destroying the stream, which drops its socket) as
 * soon as more than `limit` bytes arrived or the `content-length` announces more.
 * Throws {@link BodyTooLargeError}; never holds more than about `limit` bytes.
 */
export async function readBounded(
  body: ReadableBody,
  contentLength: string | string[] | undefined,
  limit: number
): Promise<string> {
  const announced = Number(Array.isArray(contentLength) ? contentLength[0] : contentLength);
  if (Number.isFinite(announced) && announced > limit) {
    body.destroy();
    throw new BodyTooLargeError(limit);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > limit) {
      body.destroy();
      throw new BodyTooLargeError(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Empties a body we do not use (a redirect's), at most `limit` bytes; never throws. */
export async function discardBody(body: ReadableBody, limit: number): Promise<void> {
  try {
    await readBounded(body, undefined, limit);
  } catch {
    // already destroyed
  }
}
