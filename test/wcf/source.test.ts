/**
 * The reference's C# retypes nothing: every string literal of the generated source that names a
 * contract thing (element, namespace, action, type) occurs in the vendored WSDL, and it compiles.
 */
import { describe, expect, it } from 'vitest';
import { deleteChatSessionsContract } from '../../src/contract/delete-chat-sessions.ts';
import { READ_HEADER, referenceSource } from '../../steps/support/wcf-source.ts';
import { buildReference, MONO_PACKAGE } from './reference.ts';

describe('WCF reference source', () => {
  const c = deleteChatSessionsContract();
  const src = referenceSource(c);

  it('every attribute string is in the WSDL', () => {
    const attrs = [...src.matchAll(/\b(Name|Namespace|WrapperName|WrapperNamespace|Action|ReplyAction) = ("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[2]!) as string);
    expect(attrs.length).toBeGreaterThan(20);
    for (const a of attrs) expect(c.wsdlText, a).toContain(`"${a}"`);
    // The ones that matter most, by role.
    for (const s of [c.tns, c.inputAction, c.outputAction, c.request.local, c.response.local, c.ids.element.local]) expect(attrs).toContain(s);
  });

  it('the only other literals are the reference\'s own', () => {
    const literals = [...src.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
    const own = literals.filter((l) => !c.wsdlText.includes(`"${l}"`));
    for (const l of own) expect(l, l).not.toMatch(/superoffice|Services\d\d|schemas\.microsoft/i);
    expect(src).toContain(READ_HEADER);
  });

  it('a Services88 contract gives a Services88 reference', () => {
    const s88 = referenceSource(deleteChatSessionsContract(88));
    expect(s88).toContain(deleteChatSessionsContract(88).tns);
    expect(s88).not.toContain(c.tns + '"');
  });

  it('compiles with mcs (a missing Mono names the package)', () => {
    expect(MONO_PACKAGE).toMatch(/mono-complete/);
    expect(buildReference(c)).toMatch(/\.exe$/);
  }, 120_000);
});
