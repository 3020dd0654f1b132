import { describe, expect, it } from 'vitest';
import { validate } from '../src/validate.ts';
import { buildRequest } from '../src/envelope/request.ts';
import { NS } from '../src/contract/namespaces.ts';

/**
 * The XSD backstop (OP-004, HDR-007) validates a re-serialized fragment with plainly valid array
 * items left out. These cases prove it still catches what the specific rules do not name, wherever
 * in a large array it hides, and points at the right element.
 */

const N = 200_000;
const ids = Array.from({ length: N }, (_, i) => i + 1);

function rulesOf(v: ReturnType<typeof validate>) {
  return v.violations.map((x) => x.rule);
}

describe('schema backstop over large arrays', () => {
  it('a valid 200,000-id request is conformant', () => {
    const v = validate(buildRequest({ ids }).body);
    expect(v.violations).toEqual([]);
    expect(v.conformant).toBe(true);
  });

  it('an unknown attribute on the last of 200,000 items is caught and located (OP-004)', () => {
    const body = buildRequest({ ids }).body.replace(`<arr:int>${N}</arr:int>`, `<arr:int foo="1">${N}</arr:int>`);
    const v = validate(body);
    expect(v.conformant).toBe(false);
    const hit = v.violations.find((x) => x.rule === 'OP-004');
    expect(hit, JSON.stringify(v.violations)).toBeDefined();
    expect(hit!.message).toMatch(/attribute 'foo'/);
    expect(hit!.path).toBe(`Envelope › Body › DeleteChatSessions › Ids › int[${N}]`);
    const lines = body.split('\n');
    expect(hit!.line).toBe(lines.findIndex((l) => l.includes('foo="1"')) + 1);
  });

  it('a value only XML Schema rejects (a no-break space) in the middle of the array', () => {
    const mid = N / 2;
    const v = validate(buildRequest({ ids }).body.replace(`<arr:int>${mid}</arr:int>`, `<arr:int>\u00a0${mid}</arr:int>`));
    expect(v.conformant).toBe(false);
    const schema = v.violations.filter((x) => x.rule === 'OP-004' || x.rule.startsWith('IDS-'));
    expect(schema.length).toBeGreaterThan(0);
    expect(schema.some((x) => x.path === `Envelope › Body › DeleteChatSessions › Ids › int[${mid}]`)).toBe(true);
  });

  it('an unexpected attribute on the operation element', () => {
    const v = validate(buildRequest({ ids: [1, 2] }).body.replace(/<so:DeleteChatSessions(\s|>)/, '<so:DeleteChatSessions bogus="1"$1'));
    expect(rulesOf(v)).toContain('OP-004');
    expect(v.violations.find((x) => x.rule === 'OP-004')!.path).toBe('Envelope › Body › DeleteChatSessions');
  });

  it('a header block whose content has the wrong type (HDR-007), the same each time it is judged', () => {
    const body = buildRequest({ ids: [1], timeZone: { id: 'abc' as unknown as number } }).body;
    {
      for (let i = 0; i < 2; i++) {
        const v = validate(body);
        const hit = v.violations.find((x) => x.rule === 'HDR-007');
        expect(hit, JSON.stringify(v.violations)).toBeDefined();
        expect(hit!.message).toMatch(/'abc' is not a valid value/);
        expect(hit!.path).toMatch(/TimeZone › \w+$/);
      }
    }
  });

  it('items with xsi:type="xsd:int" (the documentation style) stay conformant', () => {
    const v = validate(buildRequest({ ids: ids.slice(0, 1000), xsiType: true }).body);
    expect(v.conformant).toBe(true);
  });

  it('a nil Ids that still has items is refused', () => {
    const body = buildRequest({ ids: [1, 2, 3] }).body.replace(/<so:Ids(\s)/, `<so:Ids xsi:nil="true" xmlns:xsi="${NS.xsi}"$1`);
    const v = validate(body);
    expect(v.conformant).toBe(false);
    expect(rulesOf(v).some((r) => r === 'IDS-002' || r === 'OP-004')).toBe(true);
  });
});
