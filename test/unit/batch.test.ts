import { describe, expect, it, vi } from 'vitest';
import type { ServerResponse } from 'node:http';
import { Batches } from '../../src/server/batch.ts';

const fakeRes = () => ({ destroy: vi.fn() }) as unknown as ServerResponse & { destroy: ReturnType<typeof vi.fn> };

describe('serve judges in batches', () => {
  it('judges every request ready in one turn before it writes any answer', async () => {
    const events: string[] = [];
    const b = new Batches(() => events.push('error'));
    const request = async (name: string) => {
      events.push(`${name} ready`);
      await b.turn();
      events.push(`${name} judged`);
      b.write(fakeRes(), () => events.push(`${name} written`));
    };
    await Promise.all(['a', 'b', 'c'].map(request));
    expect(events).toEqual(['a ready', 'b ready', 'c ready', 'a judged', 'b judged', 'c judged', 'a written', 'b written', 'c written']);
  });

  it('answers a request alone one turn later, and the next batch after it', async () => {
    const b = new Batches(() => {});
    const written: string[] = [];
    await b.turn();
    b.write(fakeRes(), () => written.push('first'));
    await new Promise((r) => setImmediate(r));
    await b.turn();
    b.write(fakeRes(), () => written.push('second'));
    await new Promise((r) => setImmediate(r));
    expect(written).toEqual(['first', 'second']);
  });

  it('a write that throws costs its own connection, not the rest of the batch', async () => {
    const errors: unknown[] = [];
    const b = new Batches((e) => errors.push(e));
    const broken = fakeRes();
    const written: string[] = [];
    await b.turn();
    b.write(broken, () => {
      throw new Error('socket gone');
    });
    b.write(fakeRes(), () => written.push('other'));
    await new Promise((r) => setImmediate(r));
    expect(written).toEqual(['other']);
    expect(broken.destroy).toHaveBeenCalledOnce();
    expect(String(errors[0])).toContain('socket gone');
  });
});
