/**
 * Mutations of builder-made envelopes for property-based tests (test/fuzz.test.ts, a small sample)
 * and the long fuzz run (bench/fuzz.ts). A mutation is plain data, so fast-check can shrink it and a
 * failure prints a reproducible case.
 */
import fc from 'fast-check';
import { buildRequest, type RequestOptions } from '../src/envelope/request.ts';
import { buildAppErrorResponse, buildFault11, buildSuccessResponse } from '../src/envelope/response.ts';
import { NS } from '../src/contract/namespaces.ts';
import { deleteChatSessionsContract } from '../src/contract/delete-chat-sessions.ts';

export type Mutation =
  | { kind: 'drop'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'rename'; at: number; name: string }
  | { kind: 'renamespace'; at: number; uri: string }
  | { kind: 'reprefix'; at: number; prefix: string }
  | { kind: 'reorder'; at: number; with: number }
  | { kind: 'retype'; at: number; text: string }
  | { kind: 'xsiType'; at: number; value: string }
  | { kind: 'injectText'; at: number; text: string }
  | { kind: 'injectAttribute'; at: number; name: string; value: string }
  | { kind: 'injectBytes'; at: number; bytes: number[] }
  | { kind: 'truncate'; at: number };

export interface Case {
  base: BaseSpec;
  mutations: Mutation[];
}

export type BaseSpec =
  | { kind: 'request'; options: RequestOptions }
  | { kind: 'success' }
  | { kind: 'app-error'; text: string }
  | { kind: 'fault'; text: string };

const contract = deleteChatSessionsContract();
/** Names a mutation renames to: the contract's own (so a rename can land on another valid name) and strangers. */
const NAMES = [
  contract.request.local,
  contract.response.local,
  contract.ids.element.local,
  contract.ids.item.local,
  ...contract.requestHeaders.map((h) => h.element.local),
  ...contract.requestHeaders.flatMap((h) => h.children),
  'Envelope',
  'Header',
  'Body',
  'Fault',
  'long',
  'x',
];
const URIS = [contract.tns, NS.soap11, NS.soap12, NS.arrays, NS.serialization, NS.xsi, NS.xs, '', 'urn:fuzz'];
const PREFIXES = ['soap', 's', 'so', 'arr', 'xsi', 'xsd', 'nope', 'xml', 'xmlns'];
const NASTY_TEXT = ['', ' ', '-0', '+7', '2147483648', '-2147483649', '1.5', '1e3', 'abc', '&amp;', '&bogus;', '&#0;', ']]>', '<', '<!--x-->', '<![CDATA[9]]>', '<?pi x?>', '\u00a09', '\u0000', '\ufeff'];

const idValue = fc.oneof(fc.integer({ min: -2147483648, max: 2147483647 }), fc.constantFrom<number | string>(0, -1, 2147483648, ' 12 ', 'x', ''));

const requestOptions: fc.Arbitrary<RequestOptions> = fc.record(
  {
    profile: fc.constantFrom('wsdl' as const, 'soap12' as const),
    ids: fc.oneof(
      fc.array(idValue, { maxLength: 12 }),
      fc.constantFrom({ kind: 'omitted' as const }, { kind: 'nil' as const }, { kind: 'empty' as const }),
    ),
    ticket: fc.option(fc.constantFrom('7T:dGlja2V0', 'x'), { nil: null }),
    applicationToken: fc.option(fc.constant('app-token'), { nil: null }),
    timeZone: fc.option(fc.record({ id: fc.integer({ min: 0, max: 500 }), locationCode: fc.constantFrom('UTC', 'CET') }), { nil: null }),
    headerPlacement: fc.constantFrom('header' as const, 'envelope' as const, 'body' as const),
    ticketOutsideCredentials: fc.boolean(),
    mustUnderstand: fc.boolean(),
    prefixes: fc.record({ envelope: fc.constantFrom('soap', 's', 'env'), service: fc.constantFrom<string | null>('so', 'ns1', null), arrays: fc.constantFrom('arr', 'a', 'q1') }),
    xsiType: fc.boolean(),
    itemNamespace: fc.constantFrom('arrays' as const, 'none' as const, 'service' as const),
    idsNamespace: fc.constantFrom('service' as const, 'none' as const),
    xmlDeclaration: fc.boolean(),
    pretty: fc.boolean(),
  },
  { requiredKeys: [] },
);

export const baseSpec: fc.Arbitrary<BaseSpec> = fc.oneof(
  { weight: 6, arbitrary: requestOptions.map((options) => ({ kind: 'request' as const, options })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'success' as const }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((text) => ({ kind: 'app-error' as const, text })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((text) => ({ kind: 'fault' as const, text })) },
);

const text = fc.oneof(fc.constantFrom(...NASTY_TEXT), fc.string({ maxLength: 16, unit: 'binary' }), fc.integer().map(String));
const at = fc.nat();

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at }),
  fc.record({ kind: fc.constant('duplicate' as const), at }),
  fc.record({ kind: fc.constant('rename' as const), at, name: fc.oneof(fc.constantFrom(...NAMES), fc.string({ minLength: 1, maxLength: 8 })) }),
  fc.record({ kind: fc.constant('renamespace' as const), at, uri: fc.constantFrom(...URIS) }),
  fc.record({ kind: fc.constant('reprefix' as const), at, prefix: fc.constantFrom(...PREFIXES) }),
  fc.record({ kind: fc.constant('reorder' as const), at, with: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), at, text }),
  fc.record({ kind: fc.constant('xsiType' as const), at, value: fc.constantFrom('xsd:int', 'xs:string', 'arr:ArrayOfint', 'nope:int', 'int', '') }),
  fc.record({ kind: fc.constant('injectText' as const), at, text }),
  fc.record({
    kind: fc.constant('injectAttribute' as const),
    at,
    name: fc.constantFrom('xsi:nil', 'xsi:type', 'xmlns', 'xmlns:so', 'xmlns:arr', 'foo', 'soap:mustUnderstand', 'a:b', 'xml:lang', '1x'),
    value: text,
  }),
  fc.record({ kind: fc.constant('injectBytes' as const), at, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at }),
);

export const fuzzCase: fc.Arbitrary<Case> = fc.record({ base: baseSpec, mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) });

export function buildBase(spec: BaseSpec): string {
  switch (spec.kind) {
    case 'request':
      return buildRequest(spec.options).body;
    case 'success':
      return buildSuccessResponse().body;
    case 'app-error':
      return buildAppErrorResponse({ message: spec.text, exceptionType: 'SoException' }).body;
    case 'fault':
      return buildFault11({ code: { ns: NS.soap11, local: 'Client' }, faultString: spec.text }).body;
  }
}

/** Tokens of a builder-made (well-formed) document: tags, and the text between them. */
function tokenize(xml: string): string[] {
  return xml.match(/<[^>]*>|[^<]+/g) ?? [];
}

const isStart = (t: string) => t.startsWith('<') && !t.startsWith('</') && !t.startsWith('<?') && !t.startsWith('<!');
const isSelfClosing = (t: string) => isStart(t) && t.endsWith('/>');

/** [start, end) token range of the element starting at token i (tokens may already be broken). */
function elementRange(tokens: string[], i: number): [number, number] {
  if (isSelfClosing(tokens[i]!)) return [i, i + 1];
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (isSelfClosing(t)) continue;
    if (isStart(t)) depth++;
    else if (t.startsWith('</')) depth--;
    if (depth === 0) return [i, j + 1];
  }
  return [i, tokens.length];
}

function starts(tokens: string[]): number[] {
  const out: number[] = [];
  tokens.forEach((t, i) => isStart(t) && out.push(i));
  return out;
}

function tagName(t: string): string {
  return /^<\/?([^\s/>]+)/.exec(t)?.[1] ?? '';
}

function withName(t: string, name: string): string {
  return t.replace(/^(<\/?)[^\s/>]+/, `$1${name}`);
}

/** Applies one mutation to a token list (in place where convenient). */
function apply(tokens: string[], m: Mutation): string[] {
  const s = starts(tokens);
  if (s.length === 0) return tokens;
  const el = s[m.at % s.length]!;
  const [a, b] = elementRange(tokens, el);
  const end = b - 1 > a && tokens[b - 1]?.startsWith('</') ? b - 1 : -1;
  switch (m.kind) {
    case 'drop':
      return [...tokens.slice(0, a), ...tokens.slice(b)];
    case 'duplicate':
      return [...tokens.slice(0, b), ...tokens.slice(a, b), ...tokens.slice(b)];
    case 'rename':
    case 'reprefix': {
      const old = tagName(tokens[a]!);
      const local = old.includes(':') ? old.slice(old.indexOf(':') + 1) : old;
      const prefix = old.includes(':') ? old.slice(0, old.indexOf(':')) : '';
      const name = m.kind === 'rename' ? (prefix ? `${prefix}:${m.name}` : m.name) : `${m.prefix}:${local}`;
      const out = [...tokens];
      out[a] = withName(out[a]!, name);
      if (end >= 0) out[end] = withName(out[end]!, name);
      return out;
    }
    case 'renamespace': {
      const out = [...tokens];
      const name = tagName(out[a]!);
      const prefix = name.includes(':') ? name.slice(0, name.indexOf(':')) : '';
      const decl = prefix ? ` xmlns:${prefix}="${m.uri}"` : ` xmlns="${m.uri}"`;
      out[a] = out[a]!.replace(/^(<[^\s/>]+)/, `$1${decl}`);
      return out;
    }
    case 'reorder': {
      // Swap the element with a following sibling, if it has one.
      const sib = starts(tokens).filter((i) => i >= b);
      const other = sib.length ? sib[m.with % sib.length]! : -1;
      if (other < 0) return tokens;
      const [c, d] = elementRange(tokens, other);
      return [...tokens.slice(0, a), ...tokens.slice(c, d), ...tokens.slice(b, c), ...tokens.slice(a, b), ...tokens.slice(d)];
    }
    case 'retype': {
      if (isSelfClosing(tokens[a]!)) {
        const name = tagName(tokens[a]!);
        return [...tokens.slice(0, a), tokens[a]!.replace(/\s*\/>$/, '>'), m.text, `</${name}>`, ...tokens.slice(a + 1)];
      }
      return [...tokens.slice(0, a + 1), m.text, ...tokens.slice(end >= 0 ? end : a + 1)];
    }
    case 'xsiType':
    case 'injectAttribute': {
      const [name, value] = m.kind === 'xsiType' ? ['xsi:type', m.value] : [m.name, m.value];
      const out = [...tokens];
      out[a] = out[a]!.replace(/^(<[^\s/>]+)/, `$1 ${name}="${value.replace(/"/g, '&quot;')}"`);
      return out;
    }
    case 'injectText': {
      const i = m.at % (tokens.length + 1);
      return [...tokens.slice(0, i), m.text, ...tokens.slice(i)];
    }
    default:
      return tokens;
  }
}

/** The mutated document as bytes (byte-level mutations apply after the token-level ones). */
export function mutate(c: Case): Uint8Array {
  let tokens = tokenize(buildBase(c.base));
  for (const m of c.mutations) tokens = apply(tokens, m);
  let bytes = new TextEncoder().encode(tokens.join(''));
  for (const m of c.mutations) {
    if (m.kind === 'injectBytes') {
      const i = m.at % (bytes.length + 1);
      bytes = new Uint8Array([...bytes.subarray(0, i), ...m.bytes, ...bytes.subarray(i)]);
    } else if (m.kind === 'truncate') {
      bytes = bytes.subarray(0, m.at % (bytes.length + 1));
    }
  }
  return bytes;
}
