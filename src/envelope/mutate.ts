/**
 * Deliberate damage to a built request, for the negative scenarios no builder option expresses:
 * broken XML, a DTD, a lying encoding declaration, envelope structure out of order. Each mutation
 * is named for what it does, works on the built text, and fails loudly if the text it expects is
 * not there (so a builder change cannot silently turn a negative test into a positive one).
 */
import { NS } from '../contract/namespaces.ts';
import type { BuiltRequest } from './request.ts';

export type Mutation =
  | { kind: 'truncate'; bytes: number }
  | { kind: 'empty' }
  | { kind: 'doctype' }
  | { kind: 'processing-instruction' }
  | { kind: 'declare-encoding'; encoding: string }
  | { kind: 'undeclare-prefix'; prefix: string }
  | { kind: 'body-twice' }
  | { kind: 'header-after-body' }
  | { kind: 'element-after-body' }
  | { kind: 'encoding-style' }
  | { kind: 'text-in-body'; text: string }
  | { kind: 'text-between-items'; text: string }
  | { kind: 'second-body-element' }
  | { kind: 'extra-operation-child' }
  | { kind: 'undeclared-item-attribute'; name: string }
  | { kind: 'deep-header-block'; depth: number };

function must(text: string, needle: string | RegExp, what: string): RegExpExecArray | number {
  if (typeof needle === 'string') {
    const at = text.indexOf(needle);
    if (at < 0) throw new Error(`mutation ${what}: "${needle}" not found in the built request`);
    return at;
  }
  const m = needle.exec(text);
  if (!m) throw new Error(`mutation ${what}: ${needle} not found in the built request`);
  return m;
}

function section(text: string, open: RegExp, closeTag: (prefix: string) => string, what: string): { start: number; end: number; text: string; prefix: string } {
  const m = must(text, open, what) as RegExpExecArray;
  const prefix = m[1]!;
  const close = closeTag(prefix);
  const endAt = text.indexOf(close, m.index);
  if (endAt < 0) throw new Error(`mutation ${what}: no ${close}`);
  const end = endAt + close.length;
  return { start: m.index, end, text: text.slice(m.index, end), prefix };
}

/** `operation` is the local name of the request element (from the contract), for the mutations that need it. */
export function mutateText(body: string, m: Mutation, operation: string): string {
  switch (m.kind) {
    case 'truncate':
      return body.slice(0, m.bytes);
    case 'empty':
      return '';
    case 'doctype': {
      // Declares an entity and uses it: a parser that expanded it would show "expanded" in Ids.
      const at = must(body, /<(\w+):Envelope/, m.kind) as RegExpExecArray;
      const dtd = `<!DOCTYPE ${at[1]}:Envelope [<!ENTITY id "7">]>\n`;
      return body.slice(0, at.index) + dtd + body.slice(at.index).replace(/>1<\//, '>&id;</');
    }
    case 'processing-instruction': {
      const at = must(body, /<(\w+):Envelope/, m.kind) as RegExpExecArray;
      return `${body.slice(0, at.index)}<?app-hint keep?>\n${body.slice(at.index)}`;
    }
    case 'declare-encoding': {
      must(body, 'encoding="utf-8"', m.kind);
      return body.replace('encoding="utf-8"', `encoding="${m.encoding}"`);
    }
    case 'undeclare-prefix': {
      const decl = new RegExp(` xmlns:${m.prefix}="[^"]*"`);
      must(body, decl, m.kind);
      return body.replace(decl, '');
    }
    case 'body-twice': {
      const b = section(body, /<(\w+):Body>/, (p) => `</${p}:Body>`, m.kind);
      return body.slice(0, b.end) + b.text + body.slice(b.end);
    }
    case 'header-after-body': {
      const h = section(body, /<(\w+):Header>/, (p) => `</${p}:Header>`, m.kind);
      const without = body.slice(0, h.start) + body.slice(h.end);
      const b = section(without, /<(\w+):Body>/, (p) => `</${p}:Body>`, m.kind);
      return without.slice(0, b.end) + h.text + without.slice(b.end);
    }
    case 'element-after-body': {
      const b = section(body, /<(\w+):Body>/, (p) => `</${p}:Body>`, m.kind);
      return `${body.slice(0, b.end)}<x:Trailer xmlns:x="urn:example:trailer"/>${body.slice(b.end)}`;
    }
    case 'encoding-style': {
      const at = must(body, /<(\w+):Envelope /, m.kind) as RegExpExecArray;
      const open = at[0];
      return body.replace(open, `${open}${at[1]}:encodingStyle="${NS.soap11enc}" `);
    }
    case 'text-in-body': {
      const at = must(body, /<(\w+):Body>/, m.kind) as RegExpExecArray;
      return body.replace(at[0], `${at[0]}${m.text}`);
    }
    case 'text-between-items': {
      const at = must(body, /<\/(\w+):int>/, m.kind) as RegExpExecArray;
      return body.replace(at[0], `${at[0]}${m.text}`);
    }
    case 'second-body-element': {
      const b = section(body, /<(\w+):Body>/, (p) => `</${p}:Body>`, m.kind);
      const close = `</${b.prefix}:Body>`;
      const at = b.end - close.length;
      return `${body.slice(0, at)}<x:Audit xmlns:x="urn:example:audit"/>${body.slice(at)}`;
    }
    case 'extra-operation-child': {
      const at = must(body, new RegExp(`</(\\w+:)?${operation}>`), m.kind) as RegExpExecArray;
      const p = at[1] ?? '';
      return body.replace(at[0], `<${p}Force>true</${p}Force>${at[0]}`);
    }
    case 'undeclared-item-attribute': {
      // No specific rule looks at attributes on items; only the WSDL schema (OP-004) knows none is declared.
      const at = must(body, /<(\w+):int>/, m.kind) as RegExpExecArray;
      return body.replace(at[0], `<${at[1]}:int ${m.name}="1">`);
    }
    case 'deep-header-block': {
      const at = must(body, /<(\w+):Header>/, m.kind) as RegExpExecArray;
      const open = Array.from({ length: m.depth }, () => '<x:n>').join('');
      const close = Array.from({ length: m.depth }, () => '</x:n>').join('');
      return body.replace(at[0], `${at[0]}<x:Deep xmlns:x="urn:example:deep">${open}${close}</x:Deep>`);
    }
  }
}

/** The request with its body damaged; HTTP headers stay as built. */
export function mutateRequest(r: BuiltRequest, m: Mutation): BuiltRequest {
  const body = mutateText(r.body, m, r.contract.request.local);
  return { ...r, body, bytes: new TextEncoder().encode(body) };
}
