import fc from 'fast-check';
import { XmlDocument, XmlParseError } from 'libxml2-wasm';
import { describe, expect, it } from 'vitest';
import { validate } from '../src/validate.ts';
import { parseXml } from '../src/xml/parse.ts';
import { rules } from '../src/contract/catalogue.ts';
import { fuzzCase, mutate, buildBase, baseSpec } from '../bench/fuzz-mutations.ts';

/**
 * Property-based: mutated builder-made envelopes always get a verdict, never an exception. A small
 * sample runs here; `npm run fuzz` runs ten thousand and more. No timing is asserted.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const known = new Set(rules.map((r) => r.id));

describe('fuzzing validate() with mutated envelopes', () => {
  it('unmutated builder output is read without XML problems (the mutations start from sane input)', () => {
    fc.assert(
      fc.property(baseSpec, (spec) => {
        const v = validate(buildBase(spec));
        expect(v.violations.filter((x) => x.rule.startsWith('XML-'))).toEqual([]);
      }),
      { numRuns: 50, seed: 6 },
    );
  });

  it(`every mutation yields a well-formed verdict (${RUNS} cases)`, () => {
    let nonConformant = 0;
    fc.assert(
      fc.property(fuzzCase, (c) => {
        const bytes = mutate(c);
        const v = validate(bytes);
        expect(typeof v.conformant).toBe('boolean');
        expect(['request', 'response']).toContain(v.kind);
        for (const x of v.violations) {
          expect(known.has(x.rule), x.rule).toBe(true);
          expect(['error', 'warning']).toContain(x.severity);
          expect(typeof x.message).toBe('string');
          expect(x.message.length).toBeGreaterThan(0);
          if (x.line !== null) expect(x.line).toBeGreaterThanOrEqual(1);
        }
        // A verdict is consistent: non-conformant exactly when some violation is an error.
        expect(v.conformant).toBe(!v.violations.some((x) => x.severity === 'error'));
        if (!v.conformant) nonConformant++;
      }),
      { numRuns: RUNS, seed: 42 },
    );
    // The mutations do bite: most mutated envelopes are not conformant.
    expect(nonConformant).toBeGreaterThan(RUNS / 2);
  });

  it('the safe parser and libxml2 agree on well-formedness of mutated envelopes', () => {
    fc.assert(
      fc.property(fuzzCase, (c) => {
        const bytes = mutate(c);
        const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
        // libxml2 only ever sees DTD-free input; encoding questions are ours alone (XML-003).
        if (/<!DOCTYPE|<!ENTITY/.test(text)) return;
        const ours = parseXml(bytes);
        if (ours.problems.some((p) => p.kind === 'encoding' || p.kind === 'limit' || p.kind === 'empty')) return;
        const syntax = ours.problems.find((p) => p.kind === 'syntax');
        let libxml: string | undefined;
        try {
          XmlDocument.fromBuffer(bytes).dispose();
        } catch (e) {
          if (!(e instanceof XmlParseError)) throw e;
          libxml = e.message;
        }
        if (syntax) expect(libxml, `we said "${syntax.message}" but libxml2 read it`).toBeDefined();
        // libxml2 also reports namespace-URI opinions (e.g. "not a valid URI") that are not well-formedness.
        else if (ours.ok && !/xmlns|namespace|URI/i.test(libxml ?? '')) expect(libxml, `libxml2 said "${libxml}" but we read it`).toBeUndefined();
      }),
      { numRuns: RUNS, seed: 7 },
    );
  });
});
