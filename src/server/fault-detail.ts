import type { Violation } from '../contract/rule.ts';
import { NS } from '../contract/namespaces.ts';
import { wcfConsequenceLine } from '../contract/consequences.ts';
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
 * The data contract namespace of WCF's `System.ServiceModel.ExceptionDetail`: the detail a WCF service
 * writes when IncludeExceptionDetailInFaults is on, and the one detail type every WCF client can read
 * without a declared FaultContract. Mono's client reads any detail as ExceptionDetail and throws a
 * SerializationException on anything else, so it must come first (see docs/readme/clients.md).
 */
export const EXCEPTION_DETAIL_NS = 'http://schemas.datacontract.org/2004/07/System.ServiceModel';
/** The `Type` a WCF client shows for our ExceptionDetail (FaultException<ExceptionDetail>.Detail.Type). */
export const EXCEPTION_DETAIL_TYPE = 'SoConformance.ContractViolation';

/**
 * An `ExceptionDetail` (members in data contract order: HelpLink, InnerException, Message,
 * StackTrace, Type) whose Message lists the violations, one per line, with the rule IDs first.
 */
export function exceptionDetail(violations: readonly Violation[], omitted = 0, extra = ''): string {
  const t = (x: string) => esc(xmlSafe(x));
  const lines = violations.map((v) => {
    const wcf = wcfConsequenceLine(v.rule);
    return `${v.rule} ${v.severity}${v.line !== null ? ` at ${v.line}:${v.column ?? '-'}` : ''}: ${v.message}${wcf ? ` (on a WCF server: ${wcf})` : ''}`;
  });
  if (omitted > 0) lines.push(`… and ${omitted} more`);
  const nil = (n: string) => `<${n} i:nil="true"/>`;
  return (
    `<ExceptionDetail xmlns="${EXCEPTION_DETAIL_NS}" xmlns:i="${NS.xsi}">${nil('HelpLink')}${nil('InnerException')}` +
    `<Message>${t(lines.join('\n'))}</Message>${nil('StackTrace')}<Type>${EXCEPTION_DETAIL_TYPE}</Type>${extra}</ExceptionDetail>`
  );
}

/**
 * The Fault's detail: one ExceptionDetail (what WCF clients, Microsoft's and Mono's, turn into a
 * FaultException<ExceptionDetail>; Microsoft's refuses a detail of more than one element with a
 * FormatException, Mono's any detail that is not an ExceptionDetail with a SerializationException),
 * carrying after its own members the violations as structured XML, which the data contract
 * serializer skips as unknown content:
 * `<v:Violations xmlns:v="urn:so-conformance:verdict"><v:Violation><v:Rule>HTTP-004</v:Rule>…`.
 * A client (or a person reading a capture) gets the same facts as `validate --json`, plus what a WCF
 * server does with such a request (`<v:OnWcfServer>`); `omitted` counts violations left out to keep
 * the Fault bounded (`<v:Omitted>`).
 */
export function violationsDetail(violations: readonly Violation[], omitted = 0): string {
  return exceptionDetail(violations, omitted, violationsXml(violations, omitted));
}

/** The structured part alone (`<v:Violations>`). */
export function violationsXml(violations: readonly Violation[], omitted = 0): string {
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
        wcfConsequenceLine(v.rule) ? `<v:OnWcfServer>${t(wcfConsequenceLine(v.rule)!)}</v:OnWcfServer>` : '',
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
