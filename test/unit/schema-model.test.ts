import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { XmlDocument, XmlElement } from 'libxml2-wasm';
import { buildBase, fuzzCase, mutate } from '../../bench/fuzz-mutations.ts';
import { docsRotation } from '../../bench/rotation.ts';
import { schemaModelFor } from '../../src/contract/schema-model.ts';
import { schemasFor } from '../../src/contract/schema.ts';
import { deleteChatSessionsContract } from '../../src/contract/delete-chat-sessions.ts';
import { serviceOperation } from '../../src/contract/services.ts';
import { parseXml } from '../../src/xml/parse.ts';
import type { XElement } from '../../src/xml/tree.ts';
import { buildRequest } from '../../src/envelope/request.ts';
import { buildAppErrorResponse, buildSuccessResponse } from '../../src/envelope/response.ts';
import { SERVICES_VERSIONS } from '../../src/contract/namespaces.ts';

/**
 * The schema model (src/contract/schema-model.ts) lets the engine skip libxml2 for what it proves
 * valid. It must never prove valid what libxml2 rejects: checked here against libxml2 itself, on the
 * same bytes parsed by libxml2 (not on our re-serialization), over the fuzz corpus and hand-made
 * near misses.
 */
const contract = deleteChatSessionsContract();
const model = schemaModelFor(contract);
const schemas = schemasFor(contract);

/** Children of Header and Body, the elements the backstops validate, with their element-index paths. */
function blocks(root: XElement): { el: XElement; path: number[] }[] {
  const out: { el: XElement; path: number[] }[] = [];
  root.children.forEach((section, i) => section.children.forEach((el, j) => out.push({ el, path: [i, j] })));
  return out;
}

function libxmlElementAt(doc: XmlDocument, path: number[]): XmlElement {
  let cur: XmlElement = doc.root;
  for (const index of path) {
    const n = cur.find('./*')[index];
    if (!(n instanceof XmlElement)) throw new Error(`no element at ${path.join('/')}`);
    cur = n;
  }
  return cur;
}

/** For every block of `bytes` the model proves valid, libxml2's errors (must be none). */
function disagreements(bytes: Uint8Array): { proven: number; total: number; wrong: string[]; libxmlRefused?: true } {
  const parsed = parseXml(bytes);
  if (!parsed.ok) return { proven: 0, total: 0, wrong: [] };
  const list = blocks(parsed.doc.root);
  const proven = list.filter((b) => model.provablyValid(b.el));
  if (!proven.length) return { proven: 0, total: list.length, wrong: [] };
  // Only what the safe parser accepted reaches libxml2 (no DTD: it would expand entities).
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(bytes);
  } catch {
    // libxml2 refuses a few documents our parser accepts (a namespace name that is not a URI): no reference then.
    return { proven: 0, total: 0, wrong: [], libxmlRefused: true };
  }
  try {
    const wrong = proven.flatMap((b) => schemas.validateElement(libxmlElementAt(doc, b.path), b.el.ns).map((e) => `${b.el.local}: ${e.message}`));
    return { proven: proven.length, total: list.length, wrong };
  } finally {
    doc.dispose();
  }
}

describe('schema model: what it proves valid, libxml2 accepts', () => {
  it('over 4,000 fuzzed messages (fixed seed), with a substantial share proven', () => {
    let proven = 0;
    let total = 0;
    let refused = 0;
    fc.assert(
      fc.property(fuzzCase, (c) => {
        const d = disagreements(mutate(c));
        proven += d.proven;
        total += d.total;
        if (d.libxmlRefused) refused++;
        expect(d.wrong).toEqual([]);
      }),
      { numRuns: 4000, seed: 909 },
    );
    // A model that proves nothing would pass the check above trivially.
    expect(proven / total).toBeGreaterThan(0.3);
    expect(refused).toBeLessThan(400);
  });

  it('proves every block of the conformant samples valid (so the fast path is what the benchmark measures)', () => {
    const samples = [
      ...docsRotation(50),
      buildRequest({ ids: [1, 2, 3] }).body,
      buildRequest({ ids: [] }).body,
      buildSuccessResponse().body,
      buildAppErrorResponse({ message: 'no such session', exceptionType: 'SoException' }).body,
    ];
    for (const s of samples) {
      const parsed = parseXml(s);
      if (!parsed.ok) throw new Error('sample does not parse');
      for (const b of blocks(parsed.doc.root)) expect({ block: b.el.local, proven: model.provablyValid(b.el) }).toEqual({ block: b.el.local, proven: true });
      expect(disagreements(new TextEncoder().encode(s)).wrong).toEqual([]);
    }
  });

  it('compiles the schemas of every vendored version', () => {
    for (const v of SERVICES_VERSIONS) {
      const m = schemaModelFor(serviceOperation('CustomerService', 'DeleteChatSessions', v));
      const parsed = parseXml(buildRequest({ ids: [7], version: v }).body);
      if (!parsed.ok) throw new Error('no parse');
      expect(blocks(parsed.doc.root).every((b) => m.provablyValid(b.el))).toBe(true);
    }
  });
});

describe('schema model: near misses are never proven', () => {
  const base = buildBase({ kind: 'request', options: { ids: [1, 2] } });
  const tns = contract.tns;
  const cases: [string, (s: string) => string, boolean][] = [
    // [what, mutation, whether libxml2 rejects it]
    ['an id out of xs:int range', (s) => s.replace(/>1</, '>2147483648<'), true],
    ['an empty id', (s) => s.replace(/>1</, '><'), true],
    ['text in the Ids array', (s) => s.replace(/(<[^>]*Ids[^>]*>)/, '$1x'), true],
    ['an unknown child in DeleteChatSessions', (s) => s.replace(/(<[^/>]*:Ids)/, `<Other xmlns="${tns}"/>$1`), true],
    ['Ids twice', (s) => s.replace(/(<[^/>]*:Ids[^]*?<\/[^>]*:Ids>)/, '$1$1'), true],
    ['an unqualified Ids', (s) => s.replace(/<([^/>:]*):Ids([^>]*)>/, '<Ids xmlns=""$2>').replace(/<\/[^>]*:Ids>/, '</Ids>'), true],
    ['a foreign attribute on an item', (s) => s.replace(/(<[^/>]*:int)>/, '$1 foo="1">'), true],
    ['xsi:nil on a non-nillable item', (s) => s.replace(/(<[^/>]*:int)>1</, `$1 xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"><`), true],
    ['xsi:nil true with content', (s) => s.replace(/(<[^/>]*:Ids)/, `$1 xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"`), true],
    ['xsi:type naming another type', (s) => s.replace(/(<[^/>]*:int)>/, `$1 xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:x="http://www.w3.org/2001/XMLSchema" i:type="x:string">`), false],
    ['xsi:nil false (valid, but not the model\'s to judge)', (s) => s.replace(/(<[^/>]*:Ids)/, `$1 xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="false"`), false],
    ['SOAP mustUnderstand on a header block', (s) => s.replace(/(<[^/>]*:Credentials)/, `$1 xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" e:mustUnderstand="1"`), true],
  ];
  for (const [what, change, libxmlRejects] of cases) {
    it(what, () => {
      const mutated = change(base);
      expect(mutated).not.toBe(base);
      const parsed = parseXml(mutated);
      if (!parsed.ok) throw new Error(`${what}: does not parse: ${parsed.problems[0]?.message}`);
      const list = blocks(parsed.doc.root);
      const doc = XmlDocument.fromString(mutated);
      try {
        const rejected = list.filter((b) => schemas.validateElement(libxmlElementAt(doc, b.path), b.el.ns).length > 0);
        if (libxmlRejects) expect(rejected.length).toBeGreaterThan(0);
        const unproven = list.filter((b) => !model.provablyValid(b.el)).map((b) => b.el.local);
        expect(unproven.length).toBeGreaterThan(0);
        for (const r of rejected) expect(unproven).toContain(r.el.local);
      } finally {
        doc.dispose();
      }
    });
  }
});
