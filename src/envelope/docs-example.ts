/**
 * The examples on the vendored documentation page, read from the page itself (never retyped), and
 * the smallest correction that makes the request example conformant: the header blocks the page puts
 * directly under Envelope go into a Header, and the envelope namespace becomes the profile's.
 * Everything else (prefixes, xsi:type, the SOAP-ENC declaration) is left as the page has it, because
 * the contract allows it.
 */
import { readContractText } from '../contract/files.ts';
import { PROFILES, type ProfileId } from '../contract/profiles.ts';
import { parseXml } from '../xml/parse.ts';

export const DOCS_PAGE = 'docs/Services86-CustomerService-DeleteChatSessions.md';

export interface DocumentationExamples {
  request: string;
  response: string;
  page: string;
}

/** The ```xml blocks under the page's "Request" and "Response" headings. */
export function documentationExamples(pageText = readContractText(DOCS_PAGE)): DocumentationExamples {
  const section = (heading: RegExp): string => {
    const at = pageText.search(heading);
    if (at < 0) throw new Error(`${DOCS_PAGE}: no heading ${heading}`);
    const m = /```xml\r?\n([\s\S]*?)```/.exec(pageText.slice(at));
    if (!m) throw new Error(`${DOCS_PAGE}: no \`\`\`xml block after ${heading}`);
    return m[1]!;
  };
  return { request: section(/^##\s.*Request\s*$/m), response: section(/^##\s.*Response\s*$/m), page: DOCS_PAGE };
}

/**
 * Corrects the documentation's request example for a profile. Works on the text so every byte the
 * correction does not need to touch stays as the page wrote it.
 */
export function correctDocumentationRequest(example: string, profile: ProfileId): string {
  const parsed = parseXml(example);
  if (!parsed.ok) throw new Error(`the documentation example does not parse: ${parsed.problems[0]?.message}`);
  const root = parsed.doc.root;
  const p = root.prefix;
  const envNs = PROFILES[profile].envelopeNs;
  let text = example.replace(new RegExp(`xmlns:${p}="[^"]*"`), `xmlns:${p}="${envNs}"`);
  const rootEnd = text.indexOf('>', text.indexOf(`<${p}:Envelope`)) + 1;
  const bodyAt = text.indexOf(`<${p}:Body`, rootEnd);
  if (rootEnd <= 0 || bodyAt < 0) throw new Error('the documentation example has no Envelope/Body to correct');
  const blocks = text.slice(rootEnd, bodyAt);
  if (blocks.trim() && !blocks.includes(`<${p}:Header`)) {
    const lead = /^\s*/.exec(blocks)![0];
    text = `${text.slice(0, rootEnd)}${lead}<${p}:Header>${blocks.trimEnd().replace(/\n/g, '\n ')}\n </${p}:Header>\n ${text.slice(bodyAt)}`;
  }
  return text;
}
