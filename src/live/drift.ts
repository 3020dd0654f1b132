/**
 * WSDL drift: the DeleteChatSessions slice of the tenant's `CustomerService.svc?wsdl` (and
 * `?singleWsdl`) compared with the vendored WSDL. Each difference is a named finding: operation,
 * actions, messages, header parts, and the type definitions (request, response, ArrayOfint, headers)
 * compared structurally, with QNames resolved, so prefixes and formatting never count as drift.
 */
import { NS, DEFAULT_VERSION, type ServicesVersion } from '../contract/namespaces.ts';
import { loadOperation, type OperationContract, type QName } from '../contract/wsdl.ts';
import { asDeleteChatSessions, deleteChatSessionsContract, type DeleteChatSessionsContract } from '../contract/delete-chat-sessions.ts';
import { parseXml } from '../xml/parse.ts';
import { attr, resolveQName, type XElement } from '../xml/tree.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, LiveError, send } from './transport.ts';

export interface DriftFinding {
  /** Stable name, e.g. DRIFT-SOAPACTION. */
  id: string;
  source: 'wsdl' | 'singleWsdl';
  severity: 'error' | 'warning' | 'info';
  message: string;
  vendored?: string;
  tenant?: string;
}

export interface DriftReport {
  findings: DriftFinding[];
  fetched: { source: 'wsdl' | 'singleWsdl'; url: string; status?: number; bytes?: number; error?: string }[];
}

const q = (n: QName) => `{${n.ns}}${n.local}`;

/**
 * The tenant's WSDL read by the project's own reader (the same one that reads messages: bounded,
 * no DTD); xmldom is kept for the vendored WSDLs only.
 */
function parseTree(text: string): XElement {
  const r = parseXml(text, { maxBytes: DEFAULT_MAX_RESPONSE_BYTES });
  if (!r.ok) throw new Error(r.problems[0]?.message ?? 'unreadable XML');
  return r.doc.root;
}

/** Every element in document order (no recursion: a deep WSDL cannot overflow the stack). */
function* elements(root: XElement): Generator<XElement> {
  const stack = [root];
  while (stack.length) {
    const el = stack.pop()!;
    yield el;
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
}

const plainAttr = (el: XElement, local: string) => attr(el, '', local)?.value;

/** Declarations by kind and expanded name, across all inline schemas. */
function declarations(root: XElement): Map<string, XElement> {
  const out = new Map<string, XElement>();
  for (const s of elements(root)) {
    if (s.ns !== NS.xs || s.local !== 'schema') continue;
    const tns = plainAttr(s, 'targetNamespace') ?? '';
    for (const d of s.children) {
      const name = plainAttr(d, 'name');
      if (name && d.ns === NS.xs) out.set(`${d.local}:{${tns}}${name}`, d);
    }
  }
  return out;
}

const QNAME_ATTRS = new Set(['type', 'base', 'ref', 'itemType']);

/**
 * A canonical text of a declaration and everything it references (types, bases), QNames expanded,
 * attributes sorted, annotations dropped: two WSDLs agree on a type exactly when these agree.
 */
function closure(decls: Map<string, XElement>, root: string): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const el = decls.get(key);
    if (!el) {
      parts.push(`${key} = (undeclared)`);
      return;
    }
    const refs: string[] = [];
    const canon = (e: XElement): string => {
      if (e.local === 'annotation') return '';
      const attrs = e.attrs
        .filter((a) => a.ns !== NS.xmlns)
        .map((a) => {
          if (!QNAME_ATTRS.has(a.local)) return `${a.qname}=${a.value}`;
          const r = resolveQName(e, a.value);
          const ns = 'ns' in r ? r.ns : '';
          const local = 'local' in r ? r.local : a.value.slice(a.value.indexOf(':') + 1);
          const expanded = `{${ns}}${local}`;
          if (ns !== NS.xs) refs.push(a.local === 'ref' ? `element:${expanded}` : expanded);
          return `${a.qname}=${expanded}`;
        })
        .sort();
      return `${e.local}(${attrs.join(',')})[${e.children.map(canon).join('')}]`;
    };
    parts.push(`${key} = ${canon(el)}`);
    for (const r of refs) {
      if (r.startsWith('element:')) visit(r);
      else visit(decls.has(`complexType:${r}`) ? `complexType:${r}` : `simpleType:${r}`);
    }
  };
  visit(root);
  return parts.sort().join('\n');
}

function firstDifference(a: string, b: string): { vendored: string; tenant: string } {
  const la = a.split('\n');
  const lb = b.split('\n');
  const onlyA = la.filter((l) => !lb.includes(l));
  const onlyB = lb.filter((l) => !la.includes(l));
  const cut = (s: string[]) => s.join('\n').slice(0, 600);
  return { vendored: cut(onlyA), tenant: cut(onlyB) };
}

/** Compares one WSDL text (already fetched) with the vendored contract. */
export function compareWsdl(text: string, source: 'wsdl' | 'singleWsdl', version: ServicesVersion = DEFAULT_VERSION): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const f = (id: string, message: string, vendored?: string, tenant?: string, severity: DriftFinding['severity'] = 'error') =>
    findings.push({ id, source, severity, message, vendored, tenant });
  const safe = parseXml(text, { maxBytes: DEFAULT_MAX_RESPONSE_BYTES });
  if (!safe.ok) {
    f('DRIFT-UNREADABLE', `the tenant's WSDL is not readable XML: ${safe.problems[0]?.message ?? 'unknown'}`);
    return findings;
  }
  const vendored = deleteChatSessionsContract(version);
  let tenant: DeleteChatSessionsContract;
  try {
    tenant = asDeleteChatSessions(loadOperation(text, vendored.operation, version));
  } catch (e) {
    const msg = (e as Error).message;
    if (/portType operation/.test(msg)) f('DRIFT-OPERATION-MISSING', `the tenant's WSDL does not declare ${vendored.operation}: ${msg}`);
    else if (/no inline schema/.test(msg) && [...elements(safe.doc.root)].some((i) => i.ns === NS.xs && i.local === 'import' && plainAttr(i, 'schemaLocation')))
      f('DRIFT-SCHEMA-EXTERNAL', `the tenant's ?${source} imports its schemas (xsd:import schemaLocation) instead of inlining them; compare ?singleWsdl`, undefined, undefined, 'info');
    else f('DRIFT-UNREADABLE', `the tenant's WSDL slice cannot be read: ${msg}`);
    return findings;
  }
  const same = (id: string, what: string, a: string, b: string) => {
    if (a !== b) f(id, `${what} differs`, a, b);
  };
  same('DRIFT-NAMESPACE', 'targetNamespace', vendored.tns, tenant.tns);
  same('DRIFT-SOAPACTION', 'soapAction', vendored.soapAction, tenant.soapAction);
  same('DRIFT-INPUT-ACTION', 'input wsaw:Action', vendored.inputAction, tenant.inputAction);
  same('DRIFT-OUTPUT-ACTION', 'output wsaw:Action', vendored.outputAction, tenant.outputAction);
  same('DRIFT-STYLE', 'soap:operation style', vendored.style, tenant.style);
  same('DRIFT-BINDING', 'binding (SOAP 1.1 / 1.2)', `soap11=${vendored.soap11Binding} soap12=${vendored.soap12Binding}`, `soap11=${tenant.soap11Binding} soap12=${tenant.soap12Binding}`);
  same('DRIFT-FAULTS', 'wsdl:fault declarations', String(vendored.hasFaults), String(tenant.hasFaults));
  same('DRIFT-REQUEST-MESSAGE', 'request body element', q(vendored.request), q(tenant.request));
  same('DRIFT-RESPONSE-MESSAGE', 'response body element', q(vendored.response), q(tenant.response));
  const hdr = (h: OperationContract['requestHeaders']) => h.map((x) => `${x.part}=${q(x.element)}(${x.children.join(',')})`).join('; ');
  same('DRIFT-REQUEST-HEADERS', 'request header parts', hdr(vendored.requestHeaders), hdr(tenant.requestHeaders));
  same('DRIFT-RESPONSE-HEADERS', 'response header parts', hdr(vendored.responseHeaders), hdr(tenant.responseHeaders));
  const ids = (c: DeleteChatSessionsContract) => `${q(c.ids.element)} ${q(c.ids.arrayType)} item ${q(c.ids.item)}:${q(c.ids.itemType)} nillable=${c.ids.nillable} minOccurs=${c.ids.minOccurs}`;
  same('DRIFT-IDS', 'Ids declaration', ids(vendored), ids(tenant));

  const vd = declarations(parseTree(vendored.wsdlText));
  const td = declarations(safe.doc.root);
  const roots: [string, string][] = [
    ['DRIFT-TYPE-REQUEST', `element:${q(vendored.request)}`],
    ['DRIFT-TYPE-RESPONSE', `element:${q(vendored.response)}`],
    ['DRIFT-TYPE-ARRAYOFINT', `complexType:${q(vendored.ids.arrayType)}`],
    ...[...vendored.requestHeaders, ...vendored.responseHeaders].map((h): [string, string] => [`DRIFT-TYPE-HEADER-${h.part.toUpperCase()}`, `element:${q(h.element)}`]),
  ];
  for (const [root, id] of new Map(roots.map(([i, r]) => [r, i])).entries()) {
    const a = closure(vd, root);
    const b = closure(td, root);
    if (a !== b) {
      const d = firstDifference(a, b);
      f(id, `the type definition of ${root.replace(/^\w+:/, '')} differs`, d.vendored, d.tenant);
    }
  }
  return findings;
}

/** Fetches `?wsdl` and `?singleWsdl` from a CustomerService endpoint and compares both. */
export async function checkDrift(endpoint: string, options: { timeoutMs: number; version?: ServicesVersion }): Promise<DriftReport> {
  const report: DriftReport = { findings: [], fetched: [] };
  for (const source of ['wsdl', 'singleWsdl'] as const) {
    const url = `${endpoint}?${source}`;
    try {
      const res = await send({ url, method: 'GET', headers: { accept: 'text/xml' } }, { timeoutMs: options.timeoutMs, maxBytes: DEFAULT_MAX_RESPONSE_BYTES });
      report.fetched.push({ source, url, status: res.status, bytes: res.bytes.byteLength });
      if (res.status !== 200) {
        report.findings.push({ id: 'DRIFT-WSDL-NOT-SERVED', source, severity: source === 'wsdl' ? 'warning' : 'info', message: `GET ?${source} answered HTTP ${res.status}` });
        continue;
      }
      report.findings.push(...compareWsdl(res.text, source, options.version));
    } catch (e) {
      const msg = e instanceof LiveError ? `${e.kind}: ${e.message}` : (e as Error).message;
      report.fetched.push({ source, url, error: msg });
      report.findings.push({ id: 'DRIFT-WSDL-NOT-SERVED', source, severity: 'warning', message: `GET ?${source} failed: ${msg}` });
    }
  }
  return report;
}
