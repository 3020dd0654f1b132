import type { Violation } from '../contract/rule.ts';
import { esc } from '../xml/writer.ts';

/**
 * Text safe to write into XML 1.0: a violation message may quote raw input, and a control character
 * or a lone surrogate would make the Fault itself unreadable. They are shown as \uXXXX instead.
 */
export function xmlSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The namespace of the server's own fault detail: ours, so it can never be mistaken for NetServer's. */
export const VERDICT_NS = 'urn:so-conformance:verdict';

/**
 * The violations as XML for a Fault's detail:
 * `<v:Violations xmlns:v="urn:so-conformance:verdict"><v:Violation><v:Rule>HTTP-004</v:Rule>…`.
 * A client (or a person reading a capture) gets the same facts as `validate --json`; `omitted` counts
 * violations left out to keep the Fault bounded (`<v:Omitted>`).
 */
export function violationsDetail(violations: readonly Violation[], omitted = 0): string {
  const t = (x: string) => esc(xmlSafe(x));
  const items = violations
    .map((v) => {
      const parts = [
        `<v:Rule>${t(v.rule)}</v:Rule>`,
        `<v:Severity>${v.severity}</v:Severity>`,
        `<v:Message>${t(v.message)}</v:Message>`,
        v.path !== null ? `<v:Path>${t(v.path)}</v:Path>` : '',
        v.line !== null ? `<v:Line>${v.line}</v:Line>` : '',
        v.column !== null ? `<v:Column>${v.column}</v:Column>` : '',
        v.hint ? `<v:Hint>${t(v.hint)}</v:Hint>` : '',
      ];
      return `<v:Violation>${parts.join('')}</v:Violation>`;
    })
    .join('');
  const more = omitted > 0 ? `<v:Omitted>${omitted}</v:Omitted>` : '';
  return `<v:Violations xmlns:v="${VERDICT_NS}">${items}${more}</v:Violations>`;
}

/** The rule IDs of the errors, for a faultstring a person can read at a glance. */
export function errorRuleIds(violations: readonly Violation[]): string[] {
  return [...new Set(violations.filter((v) => v.severity === 'error').map((v) => v.rule))];
}
