/**
 * The attack families of issue 9, as generators of request bodies by scale: `npm run stress` runs each
 * at 1x, 2x and 4x, and test/engine-bounds.test.ts at a small size. Deterministic (fixed seeds), so a
 * figure can be compared between runs.
 */
import { buildRequest } from '../src/envelope/request.ts';
import { deleteChatSessionsContract } from '../src/contract/delete-chat-sessions.ts';
import { NS } from '../src/contract/namespaces.ts';

const contract = deleteChatSessionsContract();
const enc = new TextEncoder();

export interface Attack {
  body: Uint8Array;
  headers: Record<string, string>;
  /** Values that must never reach any output (the redact helper asserts their absence). */
  secrets: string[];
  /** Rules the verdict must name (empty: the request is conformant). */
  expectRules: string[];
}

export interface Family {
  name: string;
  /** One request of the family at `scale` (1 = the stress run's 1x). */
  make(scale: number, seed: number): Attack;
  /** How many requests one stress step sends to serve (concurrently for `concurrent`). */
  requests: number;
  /** Requests of a step go to serve all at once, not one after another. */
  concurrent?: boolean;
}

/** A small deterministic PRNG (mulberry32): fixed seeds, same bytes every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function token(r: () => number, length: number): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < length; i++) s += abc[Math.floor(r() * abc.length)];
  return s;
}

/** The conformant request with `extraHeader` put into soap:Header and the Ids items replaced by `items`. */
function request(parts: { extraHeader?: string; items?: string; idsAttrs?: string; ticket?: string; afterBody?: string }): Attack {
  const base = buildRequest({ ids: [1, 2, 3], ticket: parts.ticket ?? 'ticket', pretty: true });
  let xml = base.body;
  if (parts.extraHeader !== undefined) xml = xml.replace('</soap:Header>', `${parts.extraHeader}</soap:Header>`);
  if (parts.items !== undefined) xml = xml.replace(/(<so:Ids[^>]*>)[\s\S]*(<\/so:Ids>)/, (_m, a: string, b: string) => `${a}${parts.items}${b}`);
  if (parts.idsAttrs !== undefined) xml = xml.replace('<so:Ids ', `<so:Ids ${parts.idsAttrs} `);
  if (parts.afterBody !== undefined) xml = xml.replace('<soap:Body>', `<soap:Body>${parts.afterBody}`);
  return { body: enc.encode(xml), headers: base.headers, secrets: [], expectRules: [] };
}

const MiB = 1024 * 1024;

export const FAMILIES: Family[] = [
  {
    // Finding 1: 250 bindings in scope, then one declaration on each of many elements.
    name: 'namespace declaration per element',
    requests: 3,
    make(scale) {
      const decls = Array.from({ length: 250 }, (_, i) => `xmlns:p${i}="urn:p${i}"`).join(' ');
      const n = Math.round(40_000 * scale);
      const kids = '<x:e xmlns:q="urn:q"/>'.repeat(n);
      return request({ extraHeader: `<x:Big xmlns:x="urn:x" ${decls}>${kids}</x:Big>` });
    },
  },
  {
    // Finding 2: every body has its own long element name and a megabyte of comment around it.
    name: 'unique-name stream',
    requests: 20,
    make(scale, seed) {
      const r = rng(seed);
      const name = `Unique_${token(r, 24)}`;
      return request({ extraHeader: `<x:${name} xmlns:x="urn:x"><!--${'c'.repeat(Math.round(MiB * scale))}--></x:${name}>` });
    },
  },
  {
    // Finding 3: a huge unbound xsi:type on an item and a huge xsi:nil on Ids.
    name: 'huge attribute values',
    requests: 10,
    make(scale) {
      const big = 'q'.repeat(Math.round(MiB * scale));
      const a = request({
        items: `<arr:int xmlns:xsi="${NS.xsi}" xsi:type="${big}:int">1</arr:int>`,
        idsAttrs: `xmlns:xsi="${NS.xsi}" xsi:nil="${big}"`,
      });
      return { ...a, expectRules: ['IDS-002', 'IDS-007'] };
    },
  },
  {
    // Finding 4: tens of thousands of items the schema alone rejects (an undeclared attribute).
    name: 'many failing items',
    requests: 3,
    make(scale) {
      const items = '<arr:int foo="1">1</arr:int>'.repeat(Math.round(50_000 * scale));
      return { ...request({ items }), expectRules: ['OP-004'] };
    },
  },
  {
    // Finding 5: a header element with a very long name holding 60 misplaced Tickets.
    name: 'long names',
    requests: 3,
    make(scale) {
      const name = `L${'n'.repeat(Math.round(1.75 * MiB * scale))}`;
      const tickets = `<so:Ticket>t</so:Ticket>`.repeat(60);
      return { ...request({ extraHeader: `<so:${name}>${tickets}</so:${name}>` }), expectRules: ['HDR-006'] };
    },
  },
  {
    // Finding 6: a long ticket that also appears where messages quote input (after Body, as an id).
    name: 'long ticket reused elsewhere',
    requests: 5,
    make(scale, seed) {
      const r = rng(seed);
      const ticket = token(r, Math.round(64 * 1024 * scale));
      const a = request({ ticket, afterBody: ticket, items: `<arr:int>${ticket}</arr:int>` });
      return { ...a, secrets: [ticket], expectRules: ['ENV-008', 'IDS-004'] };
    },
  },
  {
    // Finding 7 (last): many large valid bodies at once.
    name: 'concurrent large bodies',
    requests: 12,
    concurrent: true,
    make(_scale, seed) {
      // Each body is 15.9 MiB of ids (under the default --max-body); scale multiplies the concurrency.
      const target = Math.floor(15.9 * MiB);
      const one = buildRequest({ ids: [seed % 1000] }).body;
      const itemLength = '<arr:int>1234567</arr:int>'.length;
      const n = Math.floor((target - one.length) / itemLength);
      const items: string[] = [];
      for (let i = 0; i < n; i++) items.push(`<arr:int>${1_000_000 + i}</arr:int>`);
      const xml = one.replace(/(<so:Ids[^>]*>)[\s\S]*(<\/so:Ids>)/, (_m, a: string, b: string) => `${a}${items.join('')}${b}`);
      return { body: enc.encode(xml), headers: buildRequest({}).headers, secrets: [], expectRules: [] };
    },
  },
];

export { contract };
