/**
 * WSDL drift: the DeleteChatSessions slice of the tenant's `CustomerService.svc?wsdl` (and
 * `?singleWsdl`) compared with the vendored WSDL. Each difference is a named finding: operation,
 * actions, messages, header parts, and the type definitions (request, response, ArrayOfint, headers)
 * compared structurally, with QNames resolved, so prefixes and formatting never count as drift.
 */
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { NS, DEFAULT_VERSION, type ServicesVersion } from '../contract/namespaces.ts';
import { loadOperation, type OperationContract, type QName } from '../contract/wsdl.ts';
import { asDeleteChatSessions, deleteChatSessionsContract, type DeleteChatSessionsContract } from '../contract/delete-chat-sessions.ts';
import { parseXml } from '../xml/parse.ts';
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

function parseDom(text: string): Document {
  return new DOMParser({
    onError: (level, msg) => {
      if (level !== 'warning') throw new Error(msg);
    },
  }).parseFromString(text, 'text/xml');
}

function kids(el: Element): Element[] {
  return Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1);
}

/** Declarations by kind and expanded name, across all inline schemas. */
function declarations(doc: Document): Map<string, Element> {
  const out = new Map<string, Element>();
  for (const s of Array.from(doc.getElementsByTagNameNS(NS.xs, 'schema'))) {
    const tns = s.getAttribute('targetNamespace') ?? '';
    for (const d of kids(s)) {
      const name = d.getAttribute('name');
      if (name && d.namespaceURI === NS.xs) out.set(`${d.localName}:{${tns}}${name}`, d);
    }
  }
  return out;
}

const QNAME_ATTRS = new Set(['type', 'base', 'ref', 'itemType']);

/**
 * A canonical text of a declaration and everything it references (types, bases), QNames expanded,
 * attributes sorted, annotations dropped: two WSDLs agree on a type exactly when these agree.
 */
function closure(decls: Map<string, Element>, root: string): string {
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
    const canon = (e: Element): string => {
      if (e.localName === 'annotation') return '';
      const attrs = Array.from(e.attributes)
        .filter((a) => a.prefix !== 'xmlns' && a.name !== 'xmlns')
        .map((a) => {
          if (!QNAME_ATTRS.has(a.localName ?? a.name)) return `${a.name}=${a.value}`;
          const i = a.value.indexOf(':');
          const ns = e.lookupNamespaceURI(i < 0 ? null : a.value.slice(0, i)) ?? '';
          const local = a.value.slice(i + 1);
          const expanded = `{${ns}}${local}`;
          if (ns !== NS.xs) refs.push(a.localName === 'ref' ? `element:${expanded}` : expanded);
          return `${a.name}=${expanded}`;
        })
        .sort();
      return `${e.localName}(${attrs.join(',')})[${kids(e).map(canon).join('')}]`;
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
    else if (/no inline schema/.test(msg) && Array.from(parseDom(text).getElementsByTagNameNS(NS.xs, 'import')).some((i) => i.getAttribute('schemaLocation')))
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

  const vd = declarations(parseDom(vendored.wsdlText));
  const td = declarations(parseDom(text));
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
