/**
 * `run --tags` is checked before cucumber starts, so a typo is a usage error (exit 2, with the
 * position) rather than a stack trace or, worse, a green run of nothing. The grammar is cucumber's
 * (tag-expressions: `not` binds tighter than `and`, which binds tighter than `or`; parentheses), and
 * a tag that looks like a rule ID must name a rule of the catalogue, spelled as the catalogue does.
 */
export type TagCheck = { ok: true; tags: string[] } | { ok: false; message: string };

interface Token {
  text: string;
  at: number;
}

function tokenize(expr: string): Token[] | { message: string } {
  const out: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ text: c, at: i++ });
      continue;
    }
    const start = i;
    let text = '';
    while (i < expr.length && !/[\s()]/.test(expr[i]!)) {
      if (expr[i] === '\\') {
        const n = expr[i + 1];
        if (n === undefined || !/[\s()\\]/.test(n)) return { message: `illegal escape at column ${i + 1}` };
        text += n;
        i += 2;
      } else text += expr[i++];
    }
    out.push({ text, at: start });
  }
  return out;
}

const OPERATORS = new Set(['and', 'or', 'not']);

/** Parses a tag expression and returns the tags it names, or the first syntax error with its column. */
export function parseTagExpression(expr: string): TagCheck {
  const tokens = tokenize(expr);
  if (!Array.isArray(tokens)) return { ok: false, message: `--tags "${expr}": ${tokens.message}` };
  const tags: string[] = [];
  let pos = 0;
  const fail = (what: string): never => {
    const t = tokens[pos];
    const where = t ? `at column ${t.at + 1} ("${t.text}")` : `at the end (column ${expr.length + 1})`;
    throw new SyntaxError(`--tags "${expr}": ${what} ${where}`);
  };
  const primary = (): void => {
    const t = tokens[pos];
    if (!t) fail('expected a tag or "("');
    if (t!.text === '(') {
      pos++;
      or();
      if (tokens[pos]?.text !== ')') fail('expected ")"');
      pos++;
      return;
    }
    if (t!.text === ')' || OPERATORS.has(t!.text)) fail('expected a tag');
    if (!t!.text.startsWith('@')) fail('a tag starts with "@"');
    tags.push(t!.text);
    pos++;
  };
  const not = (): void => {
    if (tokens[pos]?.text === 'not') {
      pos++;
      not();
    } else primary();
  };
  const and = (): void => {
    not();
    while (tokens[pos]?.text === 'and') {
      pos++;
      not();
    }
  };
  const or = (): void => {
    and();
    while (tokens[pos]?.text === 'or') {
      pos++;
      and();
    }
  };
  try {
    if (!tokens.length) fail('empty expression');
    or();
    if (pos < tokens.length) fail(tokens[pos]!.text === ')' ? 'unmatched ")"' : 'expected "and", "or" or the end');
  } catch (e) {
    if (e instanceof SyntaxError) return { ok: false, message: e.message };
    throw e;
  }
  return { ok: true, tags };
}

const RULE_LIKE = /^@[A-Za-z]+-\d+$/;

/**
 * Rule-like tags (`@IDS-004`) must be rules of the catalogue, exactly; the message names the closest
 * one (`@ids-004` → `@IDS-004`). Other tags are for the caller to check against the features.
 */
export function unknownRuleTags(tags: readonly string[], ruleIds: readonly string[]): string[] {
  const known = new Set(ruleIds);
  const out: string[] = [];
  for (const t of tags) {
    if (!RULE_LIKE.test(t) || known.has(t.slice(1))) continue;
    const fold = ruleIds.find((id) => id.toLowerCase() === t.slice(1).toLowerCase());
    out.push(`${t} names no rule of the catalogue${fold ? ` (did you mean @${fold}?)` : ''}; \`so-conformance rules\` lists them`);
  }
  return out;
}
