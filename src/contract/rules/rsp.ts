import { defineRule, type Rule } from '../rule.ts';
import { clark } from '../../xml/tree.ts';
import { isFault } from '../envelope-view.ts';
import { BP, is, qn, strayText, wrongNamespace } from './util.ts';

const SRC = 'WSDL output message DeleteChatSessionsResponse (empty sequence) and its soap:header parts';

export const rspRules: Rule[] = [
  defineRule({
    id: 'RSP-001',
    family: 'RSP',
    severity: 'error',
    statement: 'Body contains exactly one element: the operation response element or a SOAP Fault.',
    source: `${SRC}; ${BP} R2201`,
    appliesTo: 'response',
    needs: ['content', 'document'],
    hint: 'Answer with the response element of the operation (or a Fault).',
    check(ctx) {
      const v = ctx.view;
      if (!v.body) return [];
      if (!v.first) return [{ at: v.body, message: 'Body is empty; expected the response element or a Fault' }];
      const extra = v.bodyChildren.slice(1).map((c) => ({ at: c, message: `Body has a second element ${clark(c.ns, c.local)}` }));
      const want = ctx.contract.response;
      if (is(v.first, want) || isFault(v.first)) return extra;
      if (v.first.local === want.local) return [wrongNamespace(v.first, want), ...extra];
      return [{ at: v.first, message: `Body contains ${clark(v.first.ns, v.first.local)}; expected ${qn(want)} or a Fault` }, ...extra];
    },
  }),
  defineRule({
    id: 'RSP-002',
    family: 'RSP',
    severity: 'error',
    statement: 'The response element holds only the child elements its type declares, and no text (DeleteChatSessionsResponse: an empty sequence).',
    source: SRC,
    appliesTo: 'response',
    needs: ['content', 'document'],
    hint: 'DeleteChatSessions returns nothing; send <DeleteChatSessionsResponse/>.',
    check(ctx) {
      const r = ctx.view?.first;
      if (!r || !is(r, ctx.contract.response)) return [];
      // Which children may appear is read from the response type; DeleteChatSessions' declares none.
      const declared = new Set(ctx.contract.responseChildren);
      const out = r.children.filter((c) => !(c.ns === r.ns && declared.has(c.local))).map((c) => ({ at: c, message: `unexpected element ${clark(c.ns, c.local)} in ${r.local}` }));
      const text = strayText(r);
      if (text) out.push({ at: r, message: `${r.local} contains text "${text}"` });
      return out;
    },
  }),
  defineRule({
    id: 'RSP-003',
    family: 'RSP',
    severity: 'error',
    statement: 'A non-Fault response carries every declared response header block (ExceptionInfo, ExtraInfo, Succeeded, TimeZone).',
    source: `${SRC}; ${BP} R2738`,
    appliesTo: 'response',
    needs: ['content', 'document'],
    hint: 'Send all declared response headers; nil ones as <X xsi:nil="true"/> (WCF always does).',
    check(ctx) {
      const v = ctx.view;
      if (!v.body || !v.first || isFault(v.first)) return [];
      return ctx.contract.responseHeaders
        .filter((p) => !v.headerBlocks.some((b) => is(b, p.element)))
        .map((p) => ({ at: v.header ?? v.root, message: `response header ${p.element.local} is missing` }));
    },
  }),
];
