import { NS } from '../namespaces.ts';
import { defineRule, type Finding, type Rule, type CheckContext } from '../rule.ts';
import { clark, resolveQName, type XElement } from '../../xml/tree.ts';
import { isFault } from '../envelope-view.ts';
import { SOAP11_SPEC, is, isNil, textOf } from './util.ts';
import { quote } from '../../xml/text.ts';

const SOAP11_CODES = ['VersionMismatch', 'MustUnderstand', 'Client', 'Server'];
const SOAP12_CODES = ['VersionMismatch', 'MustUnderstand', 'DataEncodingUnknown', 'Sender', 'Receiver'];

function fault(ctx: CheckContext, ns: string): XElement | undefined {
  const f = ctx.view?.first;
  return f && isFault(f) && f.ns === ns ? f : undefined;
}

/** Checks that children appear in the given order, each allowed at most once, required ones present. */
function shape(f: XElement, spec: { name: string; ns: string; required: boolean }[]): Finding[] {
  const out: Finding[] = [];
  let pos = 0;
  for (const c of f.children) {
    const i = spec.findIndex((s) => s.name === c.local && s.ns === c.ns);
    if (i < 0) out.push({ at: c, message: `unexpected ${clark(c.ns, c.local)} in Fault (allowed: ${spec.map((s) => s.name).join(', ')}${spec[0]!.ns === '' ? ', all unqualified' : ''})` });
    else if (i < pos) out.push({ at: c, message: `${c.local} is out of order in Fault` });
    else pos = i + 1;
  }
  for (const s of spec) {
    const n = f.children.filter((c) => c.local === s.name && c.ns === s.ns).length;
    if (s.required && n === 0) out.push({ at: f, message: `Fault has no ${s.name}` });
    if (n > 1) out.push({ at: f, message: `Fault has more than one ${s.name}` });
  }
  return out;
}

function codeFindings(el: XElement, envNs: string, standard: string[]): Finding[] {
  const r = resolveQName(el, textOf(el));
  if ('unboundPrefix' in r) return [{ at: el, message: `fault code "${quote(textOf(el))}" uses prefix "${quote(r.unboundPrefix)}", which is not bound` }];
  if (r.ns === '') return [{ at: el, message: `fault code "${quote(textOf(el))}" is not namespace-qualified` }];
  if (r.ns === envNs && !standard.some((c) => r.local === c || r.local.startsWith(`${c}.`))) {
    return [{ at: el, message: `fault code ${quote(r.local)} is not a SOAP fault code (${standard.join(', ')})` }];
  }
  return [];
}

export const errRules: Rule[] = [
  defineRule({
    id: 'ERR-001',
    family: 'ERR',
    severity: 'error',
    statement: 'A SOAP 1.1 Fault has faultcode (a resolvable QName), faultstring, optional faultactor and detail, unqualified, in that order.',
    source: `${SOAP11_SPEC} §4.4, §4.4.1`,
    appliesTo: 'response',
    needs: ['content', 'document'],
    hint: 'Build the Fault as <faultcode>s:Client</faultcode><faultstring>…</faultstring>.',
    check(ctx) {
      const f = fault(ctx, NS.soap11);
      if (!f) return [];
      const out = shape(f, [
        { name: 'faultcode', ns: '', required: true },
        { name: 'faultstring', ns: '', required: true },
        { name: 'faultactor', ns: '', required: false },
        { name: 'detail', ns: '', required: false },
      ]);
      const code = f.children.find((c) => c.local === 'faultcode' && c.ns === '');
      if (code) out.push(...codeFindings(code, NS.soap11, SOAP11_CODES));
      return out;
    },
  }),
  defineRule({
    id: 'ERR-002',
    family: 'ERR',
    severity: 'error',
    statement: 'A SOAP 1.2 Fault has Code/Value (a standard code), Reason/Text with xml:lang, then optional Node, Role, Detail.',
    source: 'SOAP 1.2 Part 1 §5.4',
    appliesTo: 'response',
    needs: ['content', 'document'],
    hint: 'Build the Fault as <env:Code><env:Value>env:Sender</env:Value></env:Code><env:Reason><env:Text xml:lang="en">…</env:Text></env:Reason>.',
    check(ctx) {
      const f = fault(ctx, NS.soap12);
      if (!f) return [];
      const e = NS.soap12;
      const out = shape(f, ['Code', 'Reason', 'Node', 'Role', 'Detail'].map((name, i) => ({ name, ns: e, required: i < 2 })));
      const value = f.children.find((c) => c.local === 'Code' && c.ns === e)?.children.find((c) => c.local === 'Value' && c.ns === e);
      if (f.children.some((c) => c.local === 'Code' && c.ns === e)) {
        if (!value) out.push({ at: f, message: 'Fault Code has no Value' });
        else out.push(...codeFindings(value, e, SOAP12_CODES));
      }
      const reason = f.children.find((c) => c.local === 'Reason' && c.ns === e);
      if (reason) {
        const texts = reason.children.filter((c) => c.local === 'Text' && c.ns === e);
        if (!texts.length) out.push({ at: reason, message: 'Fault Reason has no Text' });
        for (const t of texts) if (!t.attrs.some((a) => a.ns === NS.xml && a.local === 'lang')) out.push({ at: t, message: 'Reason Text has no xml:lang' });
      }
      return out;
    },
  }),
  defineRule({
    id: 'ERR-003',
    family: 'ERR',
    severity: 'error',
    statement: 'Succeeded and ExceptionInfo agree: Succeeded=true with a nil ExceptionInfo, Succeeded=false with a filled one (Message or ExceptionType).',
    source: 'WSDL output soap:header parts Succeeded (xs:boolean) and ExceptionInfo (SoExceptionInfo); NetServer application errors travel as HTTP 200',
    appliesTo: 'response',
    needs: ['content', 'document'],
    hint: 'An application error sets Succeeded=false and fills ExceptionInfo; success sends ExceptionInfo as nil.',
    check(ctx) {
      const v = ctx.view;
      if (isFault(v.first)) return [];
      const find = (part: string) => {
        const p = ctx.contract.responseHeaders.find((h) => h.part === part);
        return p ? v.headerBlocks.find((b) => is(b, p.element)) : undefined;
      };
      const succeeded = find('Succeeded');
      const info = find('ExceptionInfo');
      // A Succeeded outside xs:boolean is HDR-007's (schema) finding; agreement cannot be judged.
      if (!succeeded || isNil(succeeded) || !['true', '1', 'false', '0'].includes(textOf(succeeded))) return [];
      const ok = ['true', '1'].includes(textOf(succeeded));
      const filled = !!info && !isNil(info) && info.children.some((c) => (c.local === 'Message' || c.local === 'ExceptionType') && textOf(c) !== '');
      if (ok && info && !isNil(info) && info.children.length) return [{ at: info, message: 'Succeeded is true but ExceptionInfo is filled' }];
      if (!ok && !filled) return [{ at: info ?? succeeded, message: 'Succeeded is false but ExceptionInfo has no Message or ExceptionType: the client cannot tell what failed' }];
      return [];
    },
  }),
];
