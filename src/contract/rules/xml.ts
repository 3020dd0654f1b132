import { defineRule, type Rule } from '../rule.ts';
import type { ParseProblemKind } from '../../xml/parse.ts';
import { BP, SOAP11_SPEC } from './util.ts';

function fromParser(kind: ParseProblemKind): Rule['check'] {
  return (ctx) => ctx.parse.problems.filter((p) => p.kind === kind).map((p) => ({ message: p.message, at: { line: p.line, column: p.column } }));
}

export const xmlRules: Rule[] = [
  defineRule({
    id: 'XML-001',
    family: 'XML',
    severity: 'error',
    statement: 'The message is well-formed XML 1.0.',
    source: `XML 1.0 §2.1; ${SOAP11_SPEC} §4`,
    appliesTo: 'both',
    needs: ['content'],
    answer: 'unreadable',
    hint: 'Fix the XML syntax at the reported position; a SOAP stack cannot read anything after it.',
    check(ctx) {
      const out = fromParser('syntax')(ctx);
      // The reader accepts any 1.x version declaration (XML 1.0 §2.8); WCF's reader, SOAP 1.1 and BP know only 1.0.
      const version = ctx.doc?.xmlDeclaration?.version;
      if (version !== undefined && version !== '1.0') {
        const at = ctx.doc!.source.indexOf(version);
        out.push({ message: `the XML declaration says version="${version}"; SOAP messages are XML 1.0`, at: { line: 1, column: at < 0 ? 1 : at + 1 }, hint: 'Write <?xml version="1.0" encoding="utf-8"?> (or no declaration at all).' });
      }
      return out;
    },
  }),
  defineRule({
    id: 'XML-002',
    family: 'XML',
    severity: 'error',
    statement: 'The message is namespace-well-formed: every prefix used is bound.',
    source: 'Namespaces in XML 1.0 §5',
    appliesTo: 'both',
    needs: ['content'],
    answer: 'unreadable',
    hint: 'Declare the prefix (xmlns:p="…") on the element or an ancestor.',
    check: fromParser('namespace'),
  }),
  defineRule({
    id: 'XML-003',
    family: 'XML',
    severity: 'error',
    statement: 'The bytes are valid in the encoding the BOM and XML declaration name, and both agree (UTF-8 or UTF-16).',
    source: `XML 1.0 §4.3.3 and Appendix F; ${BP} R4003`,
    appliesTo: 'both',
    needs: ['content'],
    answer: 'unreadable',
    hint: 'Serialize as UTF-8 without a conflicting declaration, or declare the encoding you actually write.',
    check: fromParser('encoding'),
  }),
  defineRule({
    id: 'XML-004',
    family: 'XML',
    severity: 'error',
    statement: 'The message contains no Document Type Declaration (DOCTYPE).',
    source: `${SOAP11_SPEC} §3; ${BP} R1008`,
    appliesTo: 'both',
    needs: ['content'],
    answer: 'unreadable',
    hint: 'Remove the <!DOCTYPE …>; SOAP messages must not carry DTDs (they are refused unexpanded).',
    check: fromParser('doctype'),
  }),
  defineRule({
    id: 'XML-005',
    family: 'XML',
    severity: 'error',
    statement: 'The message contains no processing instructions (the XML declaration is not one).',
    source: `${SOAP11_SPEC} §3; ${BP} R1009`,
    appliesTo: 'both',
    needs: ['content'],
    answer: 'unreadable',
    hint: 'Remove the processing instruction.',
    check: fromParser('pi'),
  }),
  defineRule({
    id: 'XML-006',
    family: 'XML',
    severity: 'error',
    statement: 'The message stays within the size, depth, element and attribute limits.',
    source: 'so-conformance safety limits (WCF applies reader quotas of the same kind)',
    appliesTo: 'both',
    needs: ['content'],
    answer: 'unreadable',
    hint: 'A DeleteChatSessions message is small and shallow; check what produced this one.',
    check: fromParser('limit'),
  }),
  defineRule({
    id: 'XML-007',
    family: 'XML',
    severity: 'error',
    statement: 'The message is not empty: it has a document element.',
    source: 'XML 1.0 §2.1 [1]',
    appliesTo: 'both',
    needs: ['content'],
    answer: 'unreadable',
    hint: 'Send the SOAP envelope as the HTTP body.',
    check: fromParser('empty'),
  }),
];
