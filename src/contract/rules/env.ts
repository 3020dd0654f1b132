import { NS } from '../namespaces.ts';
import { defineRule, type Finding, type Rule } from '../rule.ts';
import { clark, type XElement } from '../../xml/tree.ts';
import { headerLookups } from '../header-roles.ts';
import { BP, SOAP11_SPEC, headerParts, isHeaderBlockLike, nsName, strayText } from './util.ts';
import { quote, xmlTrim } from '../../xml/text.ts';
import { isSoapNs } from '../envelope-view.ts';

function soapVersionOf(ns: string): string {
  return ns === NS.soap11 ? 'SOAP 1.1' : ns === NS.soap12 ? 'SOAP 1.2' : 'an unknown SOAP version';
}

export const envRules: Rule[] = [
  defineRule({
    id: 'ENV-001',
    family: 'ENV',
    severity: 'error',
    statement: "The document element is Envelope in the profile's SOAP envelope namespace.",
    source: `WSDL soap:binding (SOAP 1.1) for profile wsdl; ${SOAP11_SPEC} §4.1.2; SOAP 1.2 Part 1 §5.4.7 for profile soap12`,
    appliesTo: 'both',
    needs: ['content', 'document'],
    hint: 'Use the envelope namespace of the SOAP version the endpoint is bound to.',
    check(ctx) {
      const v = ctx.view;
      const want = ctx.profile.envelopeNs;
      if (v.root.local !== 'Envelope') {
        return [{ at: v.root, message: `the document element is ${clark(v.root.ns, v.root.local)}, not a SOAP Envelope`, hint: `wrap the message in <Envelope xmlns="${want}"><Body>…</Body></Envelope>` }];
      }
      if (v.root.ns === want) return [];
      const sent = soapVersionOf(v.root.ns);
      return [
        {
          at: v.root,
          message: `Envelope is in ${nsName(v.root.ns)} (${sent}); profile ${ctx.profile.id} requires SOAP ${ctx.profile.soapVersion}, ${want}`,
          hint:
            ctx.profile.id === 'wsdl'
              ? `BasicHttpBinding is SOAP 1.1 only: bind the envelope prefix to ${want} (WCF answers ${sent} with a VersionMismatch fault or HTTP 415)`
              : `bind the envelope prefix to ${want}`,
        },
      ];
    },
  }),
  defineRule({
    id: 'ENV-002',
    family: 'ENV',
    severity: 'error',
    statement: 'Envelope has exactly one Body.',
    source: `${SOAP11_SPEC} §4.1.1, §4.3`,
    appliesTo: 'both',
    needs: ['content', 'envelope'],
    hint: 'Put the operation element inside a single Body element, in the envelope namespace.',
    check(ctx) {
      const v = ctx.view;
      if (v.bodies.length === 0) return [{ at: v.root, message: 'Envelope has no Body' }];
      return v.bodies.slice(1).map((b) => ({ at: b, message: 'Envelope has a second Body' }));
    },
  }),
  defineRule({
    id: 'ENV-003',
    family: 'ENV',
    severity: 'error',
    statement: 'Header, when present, occurs once and is the first child of Envelope, before Body.',
    source: `${SOAP11_SPEC} §4.1.1, §4.2`,
    appliesTo: 'both',
    needs: ['content', 'envelope'],
    hint: 'Move Header to be the first child of Envelope and merge duplicate Headers.',
    check(ctx) {
      const v = ctx.view;
      const out: Finding[] = v.headers.slice(1).map((h) => ({ at: h, message: 'Envelope has a second Header' }));
      // Header blocks misplaced before Header are HDR-001's finding; judge the order without them.
      const first = v.root.children.find((c) => !isHeaderBlockLike(ctx, c));
      if (v.header && first !== v.header) out.push({ at: v.header, message: `Header is not the first child of Envelope (${quote(first?.local ?? '')} comes before it)` });
      return out;
    },
  }),
  defineRule({
    id: 'ENV-004',
    family: 'ENV',
    severity: 'error',
    statement: 'Envelope contains nothing but Header and Body: no other elements (none after Body) and no text.',
    source: `${SOAP11_SPEC} §4.1.1; ${BP} R1011`,
    appliesTo: 'both',
    needs: ['content', 'envelope'],
    hint: 'Remove the element, or move a header block into Header.',
    check(ctx) {
      const v = ctx.view;
      // Contract header blocks misplaced here are HDR-001's to report, with a better message; the same
      // names in a foreign namespace are not contract blocks, so they are this rule's.
      const out: Finding[] = v.root.children
        .filter((c) => !((c.local === 'Header' || c.local === 'Body') && c.ns === v.root.ns) && !isHeaderBlockLike(ctx, c))
        .map((c) => ({ at: c, message: `unexpected element ${clark(c.ns, c.local)} directly under Envelope` }));
      const text = strayText(v.root);
      if (text) {
        out.push({ at: v.root, message: `Envelope contains text "${text}" outside Header and Body`, hint: 'Remove the stray text; only Header and Body belong in Envelope.' });
      }
      return out;
    },
  }),
  defineRule({
    id: 'ENV-005',
    family: 'ENV',
    severity: 'error',
    statement: 'No header block the contract does not declare is marked mustUnderstand="1".',
    source: `${SOAP11_SPEC} §4.2.3; WSDL binding soap:header parts`,
    appliesTo: 'request',
    needs: ['content', 'document'],
    hint: 'Drop mustUnderstand from that header block, or drop the block: the service will answer a MustUnderstand fault.',
    check(ctx) {
      const v = ctx.view;
      const declared = headerParts(ctx).map((p) => p.element);
      return v.headerBlocks
        .filter((b) => !declared.some((d) => d.ns === b.ns && d.local === b.local))
        .filter((b) => b.attrs.some((a) => a.local === 'mustUnderstand' && isSoapNs(a.ns) && ctx.profile.mustUnderstandTrue.includes(xmlTrim(a.value))))
        .map((b) => ({ at: b, message: `header block ${clark(b.ns, b.local)} is not declared by the contract but is marked mustUnderstand` }));
    },
  }),
  defineRule({
    id: 'ENV-006',
    family: 'ENV',
    severity: 'error',
    statement: "mustUnderstand values are in the profile's lexical space (SOAP 1.1: \"0\" or \"1\").",
    source: `${SOAP11_SPEC} §4.2.3; ${BP} R1013; SOAP 1.2 Part 1 §5.2.3`,
    appliesTo: 'both',
    needs: ['content', 'document'],
    hint: 'Write mustUnderstand="1" or "0".',
    check(ctx) {
      const v = ctx.view;
      return v.headerBlocks.flatMap((b) =>
        b.attrs
          .filter((a) => a.local === 'mustUnderstand' && isSoapNs(a.ns) && !ctx.profile.mustUnderstandAllowed.includes(xmlTrim(a.value)))
          .map((a) => ({ at: b, message: `mustUnderstand="${quote(a.value)}" on ${quote(b.local)} is not one of ${ctx.profile.mustUnderstandAllowed.map((x) => `"${x}"`).join(', ')}` })),
      );
    },
  }),
  defineRule({
    id: 'ENV-007',
    family: 'ENV',
    severity: 'error',
    statement: 'No soap:encodingStyle attribute: the binding is document/literal.',
    source: `WSDL soap:body/soap:header use="literal"; ${BP} R1005, R1006`,
    appliesTo: 'both',
    needs: ['content', 'envelope'],
    hint: 'Remove encodingStyle; literal messages are not SOAP-encoded.',
    check(ctx) {
      const v = ctx.view;
      // BP R1005-R1007: not on SOAP's own elements, Body children or Body grandchildren.
      const out: Finding[] = [];
      const judge = (e: XElement) => {
        if (e.attrs.length && e.attrs.some((a) => a.local === 'encodingStyle' && isSoapNs(a.ns))) out.push({ at: e, message: `${quote(e.local)} carries soap:encodingStyle` });
      };
      judge(v.root);
      for (const e of v.root.children) judge(e);
      for (const e of v.headerBlocks) judge(e);
      for (const e of v.bodyChildren) judge(e);
      for (const c of v.bodyChildren) for (const e of c.children) judge(e);
      return out;
    },
  }),
  defineRule({
    id: 'ENV-008',
    family: 'ENV',
    severity: 'error',
    statement: 'Header and Body contain no character data of their own.',
    source: `${SOAP11_SPEC} §4.2, §4.3`,
    appliesTo: 'both',
    needs: ['content', 'document'],
    hint: 'Remove the stray text; only elements belong directly in Header and Body.',
    check(ctx) {
      const v = ctx.view;
      return [v.header, v.body].filter((e) => e && strayText(e)).map((e) => ({ at: e!, message: `${e!.local} contains text "${strayText(e!)}"` }));
    },
  }),
  defineRule({
    id: 'ENV-009',
    family: 'ENV',
    severity: 'error',
    statement: 'Header blocks and Body children are namespace-qualified.',
    source: `${SOAP11_SPEC} §4.2.1, §4.3.1; ${BP} R1014`,
    appliesTo: 'both',
    needs: ['content', 'document'],
    hint: 'Put the element in its namespace (a default xmlns="…" or a bound prefix).',
    check(ctx) {
      const v = ctx.view;
      // An unqualified contract element (ApplicationToken, DeleteChatSessions, …) is HDR-005's,
      // OP-002's or RSP-001's to explain, with the namespace it needs: one defect, one rule.
      const named = headerLookups(ctx.contract, ctx.kind).contractNames;
      const out: Finding[] = [];
      for (const list of [v.headerBlocks, v.bodyChildren]) {
        for (const e of list) if (e.ns === '' && !named.has(e.local)) out.push({ at: e, message: `${quote(e.local)} in ${quote(e.parent?.local ?? '')} is in no namespace` });
      }
      return out;
    },
  }),
];
