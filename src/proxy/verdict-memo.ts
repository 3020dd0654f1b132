/**
 * Answers repeat: a tenant sends the same success envelope, byte for byte, to every conformant call.
 * validate() is a pure function of the bytes and the HTTP metadata, so the verdict of an answer seen
 * before is reused instead of judged again. The key is everything the rules read (status, every
 * header but Date, a hash of the body); the memo is small and bounded.
 */
import { createHash } from 'node:crypto';
import type { Verdict } from '../validate.ts';

const MAX_ENTRIES = 256;
/** Bodies above this are judged every time: hashing them buys little. */
const MAX_BODY = 64 * 1024;

export class VerdictMemo {
  private readonly entries = new Map<string, Verdict>();

  judge(body: Uint8Array, status: number, headers: Record<string, string>, run: () => Verdict): Verdict {
    if (body.byteLength > MAX_BODY) return run();
    const head = Object.keys(headers)
      .filter((k) => k !== 'date')
      .sort()
      .map((k) => `${k}:${headers[k]}`)
      .join('\n');
    const key = `${status}\n${head}\n${createHash('sha1').update(body).digest('base64')}`;
    const hit = this.entries.get(key);
    if (hit) return hit;
    const v = run();
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, v);
    return v;
  }
}
