import type { OperationContract } from '../contract/wsdl.ts';
import type { Violation } from '../contract/rule.ts';
import type { XElement } from '../xml/tree.ts';
import { descendants } from '../xml/walk.ts';
import { redactValues } from '../report/redact.ts';

const SECRET_MIN_LENGTH = 3;

/**
 * Local names of the elements whose text is a secret: the ApplicationToken block and the fields of
 * Credentials (Ticket), read from the contract rather than retyped.
 */
export function secretElementNames(contract: OperationContract): Set<string> {
  const names = new Set<string>();
  for (const h of contract.requestHeaders) {
    if (h.part === 'ApplicationToken') names.add(h.element.local);
    if (h.part === 'Credentials') for (const c of h.children) names.add(c);
  }
  return names;
}

/** Every secret value found anywhere in the document (misplaced headers included). */
export function secretValues(root: XElement | undefined, names: ReadonlySet<string>): string[] {
  if (!root) return [];
  const out = new Set<string>();
  for (const el of descendants(root)) {
    if (!names.has(el.local)) continue;
    const t = el.text.trim();
    // Very short values would redact ordinary text such as an id; real tokens are long.
    if (t.length >= SECRET_MIN_LENGTH) out.add(t);
  }
  return [...out];
}

/** Values come from secretValues (already at least 3 characters), so none is skipped here. */
export function redact(text: string, secrets: readonly string[]): string {
  return redactValues(text, secrets, SECRET_MIN_LENGTH);
}

export function redactViolations(violations: Violation[], secrets: readonly string[]): Violation[] {
  if (!secrets.length) return violations;
  return violations.map((v) => ({ ...v, message: redact(v.message, secrets), ...(v.hint ? { hint: redact(v.hint, secrets) } : {}) }));
}
