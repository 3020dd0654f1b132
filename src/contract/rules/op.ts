import { defineRule, FINDINGS_PER_RULE, type Finding, type Rule } from '../rule.ts';
import { clark } from '../../xml/tree.ts';
import { BP, bodyPayload, is, isHeaderBlockLike, isSoapAttributeNoise, operationElement, qn, strayText, wrongNamespace } from './util.ts';
import { schemaFindings } from './schema-check.ts';
import { isFault } from '../envelope-view.ts';

const WSDL_OP = 'WSDL portType/binding operation DeleteChatSessions (document/literal, wrapped)';

export const opRules: Rule[] = [
  defineRule({
    id: 'OP-001',
    family: 'OP',
    severity: 'error',
    statement: 'Body contains exactly one element: the operation wrapper.',
    source: `${WSDL_OP}; ${BP} R2201`,
    appliesTo: 'request',
    needs: ['content', 'document'],
    hint: 'Send exactly one operation element in Body.',
    check(ctx) {
      const v = ctx.view;
      if (!v.body) return [];
      const payload = bodyPayload(ctx);
      if (payload.length === 0) {
        return [{ at: v.body, message: v.bodyChildren.length ? 'Body holds only header blocks; expected the operation element' : 'Body is empty; expected the operation element' }];
      }
      return payload.slice(1).map((c) => ({ at: c, message: `Body has a second element ${clark(c.ns, c.local)}` }));
    },
  }),
  defineRule({
    id: 'OP-002',
    family: 'OP',
    severity: 'error',
    statement: "The Body element is the operation's request element, in the service namespace.",
    source: `${WSDL_OP}: message part "parameters"`,
    appliesTo: 'request',
    needs: ['content', 'document'],
    hint: 'Use the operation element of the WSDL, qualified with the service namespace of the endpoint version.',
    check(ctx) {
      const first = operationElement(ctx);
      const want = ctx.contract.request;
      if (!first || is(first, want) || isFault(first)) return [];
      if (first.local === want.local) {
        const f = wrongNamespace(first, want);
        const other = /Services(\d\d)$/.exec(first.ns);
        if (other && first.ns !== want.ns) f.hint = `the namespace is for Services${other[1]}; this endpoint serves ${want.ns}`;
        return [f];
      }
      return [{ at: first, message: `Body contains ${clark(first.ns, first.local)}; expected ${qn(want)}` }];
    },
  }),
  defineRule({
    id: 'OP-003',
    family: 'OP',
    severity: 'error',
    statement: 'The operation element contains only the declared children (Ids), at most once each, and no text.',
    source: `${WSDL_OP}: schema element DeleteChatSessions`,
    appliesTo: 'request',
    needs: ['content', 'document'],
    hint: 'Remove the unexpected content.',
    check(ctx) {
      const op = operationElement(ctx);
      if (!op || !is(op, ctx.contract.request)) return [];
      const allowed = ctx.contract.requestChildren;
      const out: Finding[] = [];
      const seen = new Set<string>();
      for (const c of op.children) {
        // A header block misplaced in here is HDR-002's finding.
        if (isHeaderBlockLike(ctx, c)) continue;
        if (!allowed.includes(c.local)) out.push({ at: c, message: `unexpected element ${clark(c.ns, c.local)} in ${op.local} (declared: ${allowed.join(', ')})` });
        else if (seen.has(c.local)) out.push({ at: c, message: `${c.local} occurs more than once` });
        seen.add(c.local);
      }
      const text = strayText(op);
      if (text) out.push({ at: op, message: `${op.local} contains text "${text}"` });
      return out;
    },
  }),
  defineRule({
    id: 'OP-004',
    backstop: true,
    family: 'OP',
    severity: 'error',
    statement: 'The operation element validates against the WSDL schema (backstop for anything the specific rules do not name).',
    source: `${WSDL_OP}; WSDL wsdl:types inline schemas (Services, Serialization, Serialization/Arrays)`,
    appliesTo: 'request',
    needs: ['content', 'document'],
    standsBehind: { families: ['OP', 'IDS'], rules: ['HDR-002'] },
    hint: 'Correct the element to match its schema type (see message).',
    check(ctx) {
      const op = operationElement(ctx);
      if (!op || !is(op, ctx.contract.request)) return [];
      return schemaFindings(ctx, op, FINDINGS_PER_RULE).filter((f) => !isSoapAttributeNoise(f));
    },
  }),
];
