/**
 * Cuts an envelope into the parts the WSDL's schemas describe (each header block, the Body child) as
 * standalone documents, and validates them twice: in-process (ContractSchemas, libxml2-wasm) and
 * with the native reference, `xmllint --schema`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS } from '../../src/contract/namespaces.ts';
import type { OperationContract } from '../../src/contract/wsdl.ts';
import { schemasFor } from '../../src/contract/schema.ts';
import { parseXml } from '../../src/xml/parse.ts';
import type { XElement } from '../../src/xml/tree.ts';

export const XMLLINT = '/usr/bin/xmllint';

const escAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const escText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const SOAP = new Set<string>([NS.soap11, NS.soap12]);
const isNsDecl = (a: XElement['attrs'][number]) => a.qname === 'xmlns' || a.prefix === 'xmlns';

function write(el: XElement, rootDecls?: string[]): string {
  // SOAP's own attributes (mustUnderstand, actor, encodingStyle) are consumed by the SOAP processor;
  // the block the service sees is validated without them.
  const attrs = el.attrs.filter((a) => !(rootDecls && isNsDecl(a)) && !(rootDecls && SOAP.has(a.ns))).map((a) => `${a.qname}="${escAttr(a.value)}"`);
  const all = [...(rootDecls ?? []), ...attrs];
  const open = `<${el.qname}${all.length ? ' ' + all.join(' ') : ''}`;
  const inner = escText(el.text) + el.children.map((c) => write(c)).join('');
  return inner === '' ? `${open}/>` : `${open}>${inner}</${el.qname}>`;
}

/** The element as a standalone document: every namespace binding in scope is declared on it. */
export function standalone(el: XElement): string {
  const decls = [...el.scope].filter(([p]) => p !== 'xml').map(([p, ns]) => (p === '' ? `xmlns="${escAttr(ns)}"` : `xmlns:${p}="${escAttr(ns)}"`));
  return write(el, decls);
}

export interface Fragment {
  name: string;
  ns: string;
  xml: string;
}

/** Header blocks and Body children of an envelope that belong to the contract's schemas. */
export function fragmentsOf(envelope: string, contract: OperationContract): Fragment[] {
  const r = parseXml(envelope);
  if (!r.ok) throw new Error(`not well-formed: ${r.problems.map((p) => p.message).join('; ')}`);
  const root = r.doc.root;
  const namespaces = new Set(contract.schemas.map((s) => s.targetNamespace));
  const kids = (el: XElement | undefined, local: string) => el?.children.find((c) => c.local === local && SOAP.has(c.ns))?.children ?? [];
  return [...kids(root, 'Header'), ...kids(root, 'Body')]
    .filter((el) => namespaces.has(el.ns))
    .map((el) => ({ name: el.local, ns: el.ns, xml: standalone(el) }));
}

/** In-process: the suite's own validator. Returns one list of messages per fragment. */
export function libxmlErrors(fragments: Fragment[], contract: OperationContract): string[][] {
  const schemas = schemasFor(contract);
  return fragments.map((f) => schemas.validateFragment(f.xml, f.ns).map((e) => e.message));
}

const schemaDirs = new Map<OperationContract, string>();

/** One scratch directory per test file; the file calls removeScratch() in afterAll. */
let scratch: string | undefined;
function scratchDir(): string {
  if (!scratch) scratch = mkdtempSync(join(tmpdir(), 'so-unit-'));
  return scratch;
}

export function removeScratch(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
  schemaDirs.clear();
}
let fileCounter = 0;

/** The three extracted schemas written under their virtual file names, so xs:import resolves on disk. */
export function schemaDir(contract: OperationContract): string {
  let dir = schemaDirs.get(contract);
  if (!dir) {
    dir = mkdtempSync(join(scratchDir(), 'xsd-'));
    for (const s of contract.schemas) writeFileSync(join(dir, s.fileName), s.text);
    schemaDirs.set(contract, dir);
  }
  return dir;
}

/** Native reference: `xmllint --noout --schema`, one run per target namespace. true = validates. */
export function xmllintValid(fragments: Fragment[], contract: OperationContract): boolean[] {
  const dir = schemaDir(contract);
  const files = fragments.map((f) => {
    const file = join(scratchDir(), `fragment-${++fileCounter}.xml`);
    writeFileSync(file, f.xml);
    return file;
  });
  const out: boolean[] = [];
  fragments.forEach((f, i) => {
    try {
      execFileSync(XMLLINT, ['--noout', '--nonet', '--schema', join(dir, contract.schemas.find((s) => s.targetNamespace === f.ns)?.fileName ?? `no schema for ${f.ns}`), files[i]!], { stdio: ['ignore', 'pipe', 'pipe'] });
      out.push(true);
    } catch (e) {
      const status = (e as { status?: number }).status;
      // 3 = validation error, 4 = schema could not be compiled (that must not happen: fail loudly).
      if (status !== 3) throw new Error(`xmllint exited ${status}: ${String((e as { stderr?: Buffer }).stderr)}`);
      out.push(false);
    }
  });
  return out;
}
