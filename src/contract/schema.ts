import type { XmlDocument as LibxmlDocument, XmlElement as LibxmlElement, XsdValidator } from 'libxml2-wasm';
import { libxmlDeferred } from './schema-loading.ts';
import type { OperationContract } from './wsdl.ts';

type Libxml = typeof import('libxml2-wasm');

/**
 * libxml2-wasm compiles a 1 MB WebAssembly module when it is imported (about a quarter of a `validate`
 * start). Every importer gets it at once, as before, unless the one command that may never need it
 * (`validate`: the schema model proves ordinary messages valid without libxml2) asked first to defer
 * it (schema-loading.ts); that command then calls `loadSchemaEngine()` when a message needs it.
 */
let lib: Libxml | undefined = libxmlDeferred() ? undefined : await import('libxml2-wasm');

export async function loadSchemaEngine(): Promise<void> {
  lib ??= await import('libxml2-wasm');
}

/** Thrown by a synchronous check that needs libxml2 while it is deferred and not loaded yet. */
export class SchemaEngineNotLoaded extends Error {
  constructor() {
    super('the XSD engine (libxml2-wasm) is not loaded: await loadSchemaEngine() first');
  }
}

function libxml(): Libxml {
  if (!lib) throw new SchemaEngineNotLoaded();
  return lib;
}

export interface SchemaError {
  message: string;
  line: number;
  column: number;
}

/**
 * XSD validation with the WSDL's own inline schemas (libxml2, in-process). One validator per target
 * namespace; each imports the others through an in-memory input provider, so an unresolved type is a
 * compile error, never a silent pass.
 */
export class ContractSchemas {
  private readonly validators = new Map<string, XsdValidator>();

  constructor(contract: OperationContract) {
    const { XmlBufferInputProvider, XmlDocument, XsdValidator, xmlRegisterInputProvider } = libxml();
    const provider = new XmlBufferInputProvider({});
    const enc = new TextEncoder();
    for (const s of contract.schemas) provider.addBuffer(s.fileName, enc.encode(s.text));
    // Providers are global in libxml2. Every schema set registers its own, under names unique to its WSDL.
    xmlRegisterInputProvider(provider);
    for (const s of contract.schemas) {
      const doc = XmlDocument.fromString(s.text, { url: s.fileName });
      try {
        this.validators.set(s.targetNamespace, XsdValidator.fromDoc(doc));
      } finally {
        doc.dispose();
      }
    }
  }

  /**
   * Validate an XML fragment whose root is a global element of one of the schemas. The text must have
   * passed the safe parser first (no DTD): libxml2 would expand internal entities.
   */
  validateFragment(xml: string, namespace: string): SchemaError[] {
    const v = this.validators.get(namespace);
    if (!v) return [{ message: `no schema declares namespace ${namespace}`, line: 1, column: 1 }];
    let doc: LibxmlDocument;
    try {
      doc = parseForLibxml(xml);
    } catch (e) {
      return [{ message: `not well-formed for libxml2: ${(e as Error).message}`, line: 1, column: 1 }];
    }
    try {
      v.validate(doc);
      return [];
    } catch (e) {
      if (e instanceof libxml().XmlValidateError) return e.details.map((d) => ({ message: d.message.trim(), line: d.line, column: d.col ?? 0 }));
      throw e;
    } finally {
      doc.dispose();
    }
  }

  /**
   * Validate several fragments with one libxml2 parse: `xml` is a wrapper element whose element
   * children are the fragments, in order, each validated in place against the global element of
   * `namespaces[i]`. Errors carry the line in `xml` and the index of their fragment. Parsing, not
   * validating, is most of libxml2's cost on a small message: one parse instead of one per header
   * block roughly halves the backstop's time.
   */
  validateFragments(xml: string, namespaces: readonly string[]): (SchemaError & { fragment: number })[] {
    let doc: LibxmlDocument;
    try {
      doc = parseForLibxml(xml);
    } catch (e) {
      return [{ message: `not well-formed for libxml2: ${(e as Error).message}`, line: 1, column: 1, fragment: 0 }];
    }
    const out: (SchemaError & { fragment: number })[] = [];
    try {
      let i = 0;
      for (let n = doc.root.firstChild; n !== null && i < namespaces.length; n = n.next) {
        if (!(n instanceof libxml().XmlElement)) continue;
        const fragment = i++;
        const v = this.validators.get(namespaces[fragment]!);
        if (!v) {
          out.push({ message: `no schema declares namespace ${namespaces[fragment]}`, line: n.line, column: 0, fragment });
          continue;
        }
        try {
          v.validate(n);
        } catch (e) {
          if (!(e instanceof libxml().XmlValidateError)) throw e;
          for (const d of e.details) out.push({ message: d.message.trim(), line: d.line, column: d.col ?? 0, fragment });
        }
      }
      return out;
    } finally {
      doc.dispose();
    }
  }

  /**
   * Validate an element of an already-parsed libxml2 document in place (keeps source line numbers).
   * The benchmark's libxml2 peer uses it; the rules validate re-serialized fragments instead.
   */
  validateElement(el: LibxmlElement, namespace: string): SchemaError[] {
    const v = this.validators.get(namespace);
    if (!v) return [{ message: `no schema declares namespace ${namespace}`, line: el.line, column: 0 }];
    try {
      v.validate(el);
      return [];
    } catch (e) {
      if (e instanceof libxml().XmlValidateError) return e.details.map((d) => ({ message: d.message.trim(), line: d.line, column: d.col ?? 0 }));
      throw e;
    }
  }

  dispose(): void {
    for (const v of this.validators.values()) v.dispose();
    this.validators.clear();
  }
}

/**
 * libxml2-wasm's fromString encodes the string to UTF-8 in a JavaScript loop, a character at a time
 * (a sixth of the backstop's time in the profile); Buffer.from encodes natively and fromBuffer copies.
 */
function parseForLibxml(xml: string): LibxmlDocument {
  return libxml().XmlDocument.fromBuffer(Buffer.from(xml, 'utf8'));
}

/** What the rules ask of the schemas. */
export type SchemaValidation = Pick<ContractSchemas, 'validateFragment' | 'validateFragments'>;

const lazy = new WeakMap<OperationContract, SchemaValidation>();

/**
 * The contract's schemas, compiled on the first call rather than now: most messages never need
 * them. A plain object per contract, so the engine's context stays a plain object too (a getter on
 * it made every context a slow object, and scavenges 20 times as long: measured with --trace-gc-nvp).
 */
export function lazySchemasFor(contract: OperationContract): SchemaValidation {
  let l = lazy.get(contract);
  if (!l) {
    l = {
      validateFragment: (xml, namespace) => schemasFor(contract).validateFragment(xml, namespace),
      validateFragments: (xml, namespaces) => schemasFor(contract).validateFragments(xml, namespaces),
    };
    lazy.set(contract, l);
  }
  return l;
}

const byContract = new WeakMap<OperationContract, ContractSchemas>();
export function schemasFor(contract: OperationContract): ContractSchemas {
  let s = byContract.get(contract);
  if (!s) {
    s = new ContractSchemas(contract);
    byContract.set(contract, s);
  }
  return s;
}
