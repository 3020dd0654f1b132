/** Then steps over the rule catalogue (validate) and the namespace-bound XPath helper. */
import { defineParameterType, Then, When } from '@cucumber/cucumber';
import { ruleById } from '../src/contract/catalogue.ts';
import type { Violation } from '../src/contract/rule.ts';
import { XPathError } from '../src/xml/xpath.ts';
import { parseMediaType } from '../src/transport/media-type.ts';
import type { ConformanceWorld } from './support/world.ts';

type W = ConformanceWorld;
type Which = 'request' | 'response';

defineParameterType({ name: 'where', regexp: /(?:request|response)(?: Body| Header)?/, transformer: (s: string) => s });

function ruleList(spec: string): string[] {
  const s = spec.trim();
  if (s === 'none' || s === '') return [];
  return s.split(/\s*,\s*/).flatMap((item) => {
    const m = /^([A-Z]+-\d{3})(?:\s*[×x]\s*(\d+))?$/.exec(item);
    if (!m) throw new Error(`"${item}" is not a rule ID (like IDS-004, or HDR-001 ×2)`);
    ruleById(m[1]!);
    return Array(Number(m[2] ?? 1)).fill(m[1]!) as string[];
  });
}

const show = (vs: readonly Violation[]) =>
  vs.length ? vs.map((v) => `${v.rule} (${v.severity}) ${v.message}${v.path ? ` at ${v.path}` : ''}`).join('\n            ') : 'no violations';

function conforms(w: W, which: Which, warnings: string[]): void {
  const v = w.verdictOf(which);
  const errors = v.violations.filter((x) => x.severity === 'error');
  const warned = v.violations.filter((x) => x.severity === 'warning').map((x) => x.rule).sort();
  if (errors.length || warned.join() !== [...warnings].sort().join()) {
    throw w.failure(`expected the ${which} to conform to the contract (profile ${v.profile})`, {
      expected: warnings.length ? `no errors, warnings ${warnings.join(', ')}` : 'no violations',
      actual: show(v.violations),
    });
  }
}

function violates(w: W, which: Which, rule: string): void {
  const r = ruleById(rule);
  const v = w.verdictOf(which);
  const hit = v.violations.some((x) => x.rule === rule);
  if (!hit || (r.severity === 'error' && v.conformant)) {
    throw w.failure(`expected the ${which} to violate ${rule}: ${r.statement}`, { expected: `${rule} (${r.severity})`, actual: show(v.violations) });
  }
}

When('the {word} is checked', function (this: W, which: Which) {
  this.focus = which;
  this.verdictOf(which);
});

When('it is checked under the {string} profile', function (this: W, p: string) {
  this.setProfile(p);
  this.verdictOf(this.focus);
});

Then('the {word} conforms', function (this: W, which: Which) {
  conforms(this, which, []);
});

Then('the {word} conforms with warnings {}', function (this: W, which: Which, spec: string) {
  conforms(this, which, ruleList(spec));
});

Then('the {word} violates {word}', function (this: W, which: Which, rule: string) {
  violates(this, which, rule);
});

Then('it violates exactly {}', function (this: W, spec: string) {
  const v = this.verdictOf(this.focus);
  const want = ruleList(spec).sort();
  const got = v.violations.map((x) => x.rule).sort();
  if (want.join() !== got.join() || v.conformant) {
    throw this.failure(`expected exactly these violations under profile ${v.profile}`, { expected: want.join(', '), actual: show(v.violations) });
  }
});

Then('the violation of {word} is located at {string}', function (this: W, rule: string, path: string) {
  const v = this.verdictOf(this.focus);
  const paths = v.violations.filter((x) => x.rule === rule).map((x) => x.path);
  if (!paths.includes(path)) throw this.failure(`expected ${rule} to be reported at ${path}`, { expected: path, actual: paths.join(' | ') || `no ${rule} violation` });
});

/** XPath assertions: the message shows the expression, the bindings and what was found instead. */
function withXPath<T>(w: W, which: Which, xpath: string, f: (q: ReturnType<W['query']>) => T): T {
  try {
    return f(w.query(which));
  } catch (e) {
    if (e instanceof XPathError) {
      throw w.failure(`XPath assertion on the ${which} failed: ${e.detail}`, {
        xpath,
        expected: 'a match',
        actual: e.suggestions.length ? e.suggestions.join('; ') : 'nothing selected',
        bindings: e.bindings,
      });
    }
    throw e;
  }
}

/**
 * `in the request, "<absolute XPath>"`, or relative to the envelope's Body or Header: `in the
 * request Body, "so:DeleteChatSessions"` reads `/s11:Envelope/s11:Body/so:DeleteChatSessions` under
 * the wsdl profile and `/s12:Envelope/s12:Body/…` under soap12, so one scenario serves both.
 */
function xpathOf(w: W, where: string, xpath: string): { which: Which; xpath: string } {
  const m = /^(request|response)(?: (Body|Header))?$/.exec(where);
  if (!m) throw new Error(`"${where}": say request, response, request Body, response Header, …`);
  if (!m[2]) return { which: m[1] as Which, xpath };
  const env = w.envelopePrefix();
  return { which: m[1] as Which, xpath: `/${env}:Envelope/${env}:${m[2]}/${xpath}` };
}

Then('in the {where}, {string} exists', function (this: W, where: string, rel: string) {
  const { which, xpath } = xpathOf(this, where, rel);
  withXPath(this, which, xpath, (q) => q.some(xpath));
});

Then('in the {where}, {string} selects nothing', function (this: W, where: string, rel: string) {
  const { which, xpath } = xpathOf(this, where, rel);
  const n = withXPath(this, which, xpath, (q) => q.count(xpath));
  if (n !== 0) throw this.failure(`expected nothing at this XPath in the ${which}`, { xpath, expected: '0 nodes', actual: `${n} node(s)`, bindings: this.query(which).bindings });
});

Then('in the {where}, {string} selects {int} node(s)', function (this: W, where: string, rel: string, count: number) {
  const { which, xpath } = xpathOf(this, where, rel);
  const n = withXPath(this, which, xpath, (q) => q.count(xpath));
  if (n !== count) {
    const q = this.query(which);
    throw this.failure(`wrong number of nodes in the ${which}`, { xpath, expected: `${count}`, actual: `${n}${n === 0 ? ` (${q.suggest(xpath).join('; ') || 'no hint'})` : ''}`, bindings: q.bindings });
  }
});

Then('in the {where}, {string} is {string}', function (this: W, where: string, rel: string, expected: string) {
  const { which, xpath } = xpathOf(this, where, rel);
  const actual = withXPath(this, which, xpath, (q) => q.string(xpath));
  if (actual !== expected) throw this.failure(`unexpected value in the ${which}`, { xpath, expected: JSON.stringify(expected), actual: JSON.stringify(actual), bindings: this.query(which).bindings });
});

Then("the request's Content-Type is {string}", function (this: W, value: string) {
  const ct = this.requestSubject().http?.headers['content-type'];
  if (ct !== value) throw this.failure('unexpected request Content-Type', { expected: value, actual: ct ?? '(none)' });
});

Then("the request's SOAPAction header is the binding's soapAction, quoted", function (this: W) {
  const want = `"${this.request.contract.soapAction}"`;
  const got = this.requestSubject().http?.headers['soapaction'];
  if (got !== want) throw this.failure('unexpected SOAPAction header', { expected: want, actual: got ?? '(none)' });
});

Then("the request's Content-Type carries the binding's soapAction as its action parameter", function (this: W) {
  const want = this.request.contract.soapAction;
  const ct = this.requestSubject().http?.headers['content-type'] ?? '';
  const got = parseMediaType(ct)?.params['action'];
  if (got !== want) throw this.failure('unexpected action parameter', { expected: want, actual: ct || '(no Content-Type)' });
});

Then('the {word} violates nothing but {word}', function (this: W, which: Which, rule: string) {
  const v = this.verdictOf(which);
  const others = v.violations.filter((x) => x.rule !== rule);
  if (others.length) throw this.failure(`expected ${rule} alone`, { expected: `only ${rule}`, actual: show(v.violations) });
});

Then('the violation of {word} is at line {int}, column {int}', function (this: W, rule: string, line: number, column: number) {
  const v = this.verdictOf(this.focus);
  const at = v.violations.filter((x) => x.rule === rule).map((x) => `${x.line}:${x.column}`);
  if (!at.includes(`${line}:${column}`)) throw this.failure(`expected ${rule} at line ${line}, column ${column}`, { expected: `${line}:${column}`, actual: at.join(' | ') || `no ${rule} violation` });
});
