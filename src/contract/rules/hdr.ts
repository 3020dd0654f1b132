import { defineRule, FINDINGS_PER_RULE, type Finding, type Rule, type CheckContext } from '../rule.ts';
import type { XElement } from '../../xml/tree.ts';
import { BP, SOAP11_SPEC, headerParts, is, isSoapAttributeNoise, wrongNamespace } from './util.ts';
import { quote } from '../../xml/text.ts';
import { schemaFindings } from './schema-check.ts';
import { isFault } from '../envelope-view.ts';
import { headerLookups } from '../header-roles.ts';

const WSDL_HEADERS = 'WSDL binding operation soap:header parts (use="literal")';

type Part = ReturnType<typeof headerParts>[number];

/**
 * What the HDR rules need from the element tree, gathered in one walk per message: several rules
 * ask, and a million-item `Ids` array makes every extra walk expensive.
 */
interface HeaderScan {
  /** Contract-like elements (see below) whose local name is a declared header block's. */
  named: { el: XElement; part: Part; inBody: boolean }[];
  /** Contract-like elements whose local name is a field of a declared block (Ticket, SoTimeZoneId, …). */
  fields: XElement[];
  /** Local names of blocks and fields seen anywhere outside a Fault, in any namespace. */
  seen: Set<string>;
}


/**
 * "Contract-like" elements could be meant as the contract's own: in the service namespace or
 * unqualified. Fault subtrees are not descended into, since their detail may reuse names like Message
 * in other vocabularies.
 */
function scan(ctx: CheckContext): HeaderScan {
  return ctx.derive(scanHeaders);
}

function scanHeaders(ctx: CheckContext): HeaderScan {
  const s: HeaderScan = { named: [], fields: [], seen: new Set() };
  const v = ctx.view;
  if (!v?.isEnvelope) return s;
  const { interesting, members } = headerLookups(ctx.contract, ctx.kind);
  const tns = ctx.contract.tns;
  const payload = ctx.kind === 'request' ? ctx.contract.request : ctx.contract.response;
  const stack: XElement[] = [];
  const inBodyStack: boolean[] = [];
  for (let i = v.root.children.length - 1; i >= 0; i--) {
    const c = v.root.children[i]!;
    stack.push(c);
    inBodyStack.push(c === v.body);
  }
  while (stack.length) {
    const el = stack.pop()!;
    const inBody = inBodyStack.pop()!;
    const local = el.local;
    if (local === 'Fault' && isFault(el)) continue;
    const hit = interesting.get(local);
    if (hit) {
      s.seen.add(local);
      const ns = el.ns;
      if (ns === tns || ns === '') {
        if (hit.part) s.named.push({ el, part: hit.part, inBody });
        if (hit.field) s.fields.push(el);
      }
    }
    // A member the operation's own type declares (ChatSessionEntity's Ticket, say) is the payload's
    // schema business, not a stray header field: its subtree is not scanned.
    if (inBody && el.parent && is(el.parent, payload) && members.has(local)) continue;
    const kids = el.children;
    // A childless element whose name is none of the interesting ones adds nothing: a million array
    // items are passed over here, one name test per run of same-named ones.
    let lastLocal: string | undefined;
    let lastDull = false;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i]!;
      if (k.children.length === 0) {
        if (k.local !== lastLocal) {
          lastLocal = k.local;
          lastDull = !interesting.has(k.local);
        }
        if (lastDull) continue;
      }
      stack.push(k);
      inBodyStack.push(inBody);
    }
  }
  return s;
}

export const hdrRules: Rule[] = [
  defineRule({
    id: 'HDR-001',
    family: 'HDR',
    severity: 'error',
    statement: 'Declared header blocks are children of Envelope/Header, not of Envelope itself.',
    source: `${WSDL_HEADERS}; ${SOAP11_SPEC} §4.2`,
    appliesTo: 'both',
    needs: ['content', 'envelope'],
    hint: 'Wrap the header blocks in <soap:Header> as the first child of Envelope.',
    check(ctx) {
      return scan(ctx)
        .named.filter(({ el }) => el.parent === ctx.view!.root)
        .map(({ el, part }) => ({
          at: el,
          message: `${el.local} is a direct child of Envelope; it must be inside Envelope/Header`,
          hint: `move <${el.qname}> into <Header> (the documentation example omits Header; the WSDL binds ${part.part} as a soap:header)`,
        }));
    },
  }),
  defineRule({
    id: 'HDR-002',
    family: 'HDR',
    severity: 'error',
    statement: 'Declared header blocks never appear inside Body.',
    source: `${WSDL_HEADERS}; ${SOAP11_SPEC} §4.3`,
    appliesTo: 'both',
    needs: ['content', 'envelope'],
    hint: 'Move the block out of Body into Envelope/Header.',
    check(ctx) {
      return scan(ctx)
        .named.filter(({ inBody }) => inBody)
        .map(({ el }) => ({ at: el, message: `${el.local} is inside Body; header blocks belong in Envelope/Header` }));
    },
  }),
  defineRule({
    id: 'HDR-003',
    family: 'HDR',
    severity: 'error',
    statement: 'Each declared header block occurs at most once in Header.',
    source: `${WSDL_HEADERS} (one part each); ${BP} R2738`,
    appliesTo: 'both',
    needs: ['content', 'document'],
    hint: 'Send each header block once.',
    check(ctx) {
      const v = ctx.view;
      return headerParts(ctx).flatMap((p) =>
        v.headerBlocks.filter((b) => b.ns === p.element.ns && b.local === p.element.local).slice(1).map((b) => ({ at: b, message: `${b.local} occurs more than once in Header` })),
      );
    },
  }),
  defineRule({
    id: 'HDR-004',
    family: 'HDR',
    severity: 'error',
    statement: "Header blocks in the service's own namespace are ones the operation declares.",
    source: WSDL_HEADERS,
    appliesTo: 'both',
    needs: ['content', 'document'],
    hint: 'Remove the block or use the declared name; blocks of other namespaces (e.g. WS-Addressing) are allowed.',
    check(ctx) {
      const v = ctx.view;
      const parts = headerParts(ctx);
      const { owners } = headerLookups(ctx.contract, ctx.kind);
      return v.headerBlocks
        .filter((b) => b.ns === ctx.contract.tns && !parts.some((p) => p.element.local === b.local) && !owners.has(b.local))
        .map((b) => ({ at: b, message: `${quote(b.local)} is not a header block of ${ctx.contract.operation} (declared: ${parts.map((p) => p.element.local).join(', ')})` }));
    },
  }),
  defineRule({
    id: 'HDR-005',
    family: 'HDR',
    severity: 'error',
    statement: "Declared header blocks are in the service's namespace.",
    source: `${WSDL_HEADERS}; schema elementFormDefault="qualified"`,
    appliesTo: 'both',
    needs: ['content', 'document'],
    hint: 'Qualify the header block with the service namespace.',
    check(ctx) {
      const v = ctx.view;
      const parts = headerParts(ctx);
      const out: Finding[] = [];
      for (const b of v.headerBlocks) {
        const p = parts.find((x) => x.element.local === b.local);
        // A same-named block of another vocabulary next to the contract's own is just an extra block.
        if (p && b.ns !== p.element.ns && !v.headerBlocks.some((o) => o.ns === p.element.ns && o.local === p.element.local)) out.push(wrongNamespace(b, p.element));
        // Fields of a block inherit the block's namespace requirement (elementFormDefault="qualified").
        if (p && b.ns === p.element.ns) {
          for (const c of b.children) if (p.children.includes(c.local) && c.ns !== p.element.ns) out.push(wrongNamespace(c, { ns: p.element.ns, local: c.local }));
        }
      }
      return out;
    },
  }),
  defineRule({
    id: 'HDR-006',
    family: 'HDR',
    severity: 'error',
    statement: 'Header fields sit inside their block: Ticket only inside Credentials, time zone fields only inside TimeZone.',
    source: `${WSDL_HEADERS}; schema type SoCredentials`,
    appliesTo: 'both',
    needs: ['content', 'envelope'],
    hint: 'Nest the field inside its header block.',
    check(ctx) {
      const v = ctx.view;
      const { owners } = headerLookups(ctx.contract, ctx.kind);
      const out: Finding[] = [];
      for (const el of scan(ctx).fields) {
        const owner = owners.get(el.local);
        if (owner && el.parent?.local !== owner && !(el.parent && el.parent.parent && owners.get(el.parent.local))) {
          out.push({ at: el, message: `${el.local} is a child of ${quote(el.parent?.local ?? '')}; it belongs inside ${owner}`, hint: `write <${owner}><${el.local}>…</${el.local}></${owner}> inside Header` });
        }
      }
      return out;
    },
  }),
  defineRule({
    id: 'HDR-007',
    backstop: true,
    family: 'HDR',
    severity: 'error',
    statement: 'Each declared header block in Header validates against its element declaration in the WSDL schema.',
    source: `${WSDL_HEADERS}; WSDL wsdl:types inline schemas`,
    appliesTo: 'both',
    needs: ['content', 'document'],
    standsBehind: { rules: ['HDR-001', 'HDR-002', 'HDR-005', 'HDR-006'] },
    hint: 'Correct the header block to match its schema type (see message).',
    check(ctx) {
      const v = ctx.view;
      const parts = headerParts(ctx);
      return v.headerBlocks
        .filter((b) => parts.some((p) => p.element.ns === b.ns && p.element.local === b.local))
        .flatMap((b) => schemaFindings(ctx, b, FINDINGS_PER_RULE))
        .filter((f) => !isSoapAttributeNoise(f));
    },
  }),
  defineRule({
    id: 'HDR-008',
    family: 'HDR',
    severity: 'warning',
    statement: 'The request carries Credentials/Ticket in Header (without it an authenticated tenant refuses the call).',
    source: 'Documentation page: "Obtain a ticket from the Services86/SoPrincipal.svc"',
    appliesTo: 'request',
    needs: ['content', 'envelope'],
    hint: 'Add <Credentials><Ticket>…</Ticket></Credentials> to Header, with a ticket from SoPrincipal.',
    check(ctx) {
      const v = ctx.view;
      if (!v.body) return [];
      const creds = headerParts(ctx).find((p) => p.children.length === 1 && p.element.local === 'Credentials');
      if (!creds) return [];
      // Misplaced credentials are HDR-001/002/006's finding, not a missing ticket.
      const s = scan(ctx);
      if (s.seen.has(creds.element.local) || s.seen.has(creds.children[0]!)) return [];
      return [{ at: v.header ?? v.root, message: `no ${creds.element.local}/${creds.children[0]} header: the call is anonymous` }];
    },
  }),
  defineRule({
    id: 'HDR-009',
    family: 'HDR',
    severity: 'warning',
    statement: 'The request carries ApplicationToken in Header (required by SuperOffice Online, ignored on-site).',
    source: 'Documentation page: "Application tokens must be specified if calling an Online installation"',
    appliesTo: 'request',
    needs: ['content', 'envelope'],
    hint: 'Add <ApplicationToken>…</ApplicationToken> to Header when calling an Online tenant.',
    check(ctx) {
      const v = ctx.view;
      if (!v.body) return [];
      const tok = headerParts(ctx).find((p) => p.element.local === 'ApplicationToken');
      // A misplaced or wrongly qualified token is HDR-001/002/005's finding, not a missing one.
      if (!tok || scan(ctx).seen.has(tok.element.local)) return [];
      return [{ at: v.header ?? v.root, message: `no ${tok.element.local} header: an Online tenant refuses the call (on-site installations ignore it)`, hint: `add <${tok.element.local} xmlns="${tok.element.ns}">…</${tok.element.local}> to Header` }];
    },
  }),
];

