/**
 * Distinct conformant envelopes for the benchmarks, as real traffic is: every one has its own ids,
 * Ticket and ApplicationToken, so no cache keyed by message or fragment text can make a figure.
 */
import { correctDocumentationRequest, documentationExamples } from '../src/envelope/docs-example.ts';
import { rng } from './families.ts';

export const ROTATION_SIZE = 1000;

/** `n` documentation-size requests (the page's example, corrected), each with different ids and secrets. */
export function docsRotation(n = ROTATION_SIZE, seed = 86): string[] {
  const base = correctDocumentationRequest(documentationExamples().request, 'wsdl');
  const itemRe = /(\s*)<NetServerServices862:int xsi:type="xsd:int">0<\/NetServerServices862:int>/;
  const item = itemRe.exec(base);
  if (!item) throw new Error('the documentation example changed: no int item to vary');
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const ids = Array.from({ length: 1 + (i % 5) }, (_, k) => 1000 * i + k + 1 + Math.floor(r() * 10) * 100_000);
    const items = ids.map((id) => `${item[1]}<NetServerServices862:int xsi:type="xsd:int">${id}</NetServerServices862:int>`).join('');
    const ticket = `7T:${Math.floor(r() * 2 ** 48).toString(36)}${i.toString(36)}==`;
    const token = `${Math.floor(r() * 1e7)}-${i}-${Math.floor(r() * 1e4)}`;
    out.push(
      base
        .replace(item[0], items)
        .replace('7T:1234abcxyzExample==', ticket)
        .replace('1234567-1234-9876', token),
    );
  }
  if (new Set(out).size !== n) throw new Error('rotation: envelopes are not distinct');
  return out;
}
