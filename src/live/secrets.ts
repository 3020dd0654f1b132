/**
 * The live run's secrets by name (password, ApplicationToken, ticket), for the one redactor
 * (src/report/redact.ts) and for the fail-closed scan of everything a recording wrote.
 */
import { Secrets, secretForms } from '../report/redact.ts';

export { secretForms };

export interface NamedSecret {
  name: string;
  value: string;
}

/** Secrets worth looking for: set, and long enough that a match is not a coincidence. */
export function usableSecrets(secrets: NamedSecret[]): NamedSecret[] {
  return secrets.filter((s) => new Secrets([s.value]).size > 0);
}

/** The redactor for a live run's known secrets. */
export function liveSecrets(secrets: NamedSecret[]): Secrets {
  return new Secrets(secrets.map((s) => s.value));
}

/** Redacts a string with the run's secrets (any fragment of 8+ characters, every form), marker `[redacted]`. */
export function redact(text: string, secrets: NamedSecret[] | Secrets): string {
  return (secrets instanceof Secrets ? secrets : liveSecrets(secrets)).redact(text);
}

export interface SecretHit {
  file: string;
  secret: string;
  form: string;
}

/**
 * Every (secret, form) that appears in `text`, and secrets of which only a fragment of 8 or more
 * characters appears (form "fragment"); names only, never the value.
 */
export function findSecrets(file: string, text: string, secrets: NamedSecret[]): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const s of usableSecrets(secrets)) {
    const whole = secretForms(s.value).filter((f) => text.includes(f.text));
    for (const f of whole) hits.push({ file, secret: s.name, form: f.form });
    if (!whole.length && new Secrets([s.value]).leaks(text)) hits.push({ file, secret: s.name, form: 'fragment' });
  }
  return hits;
}

/**
 * What a scan's hits mean, when one is only a fragment: 8 characters of a secret are enough to
 * count, so a secret containing an ordinary word of 8 or more (a contract name such as `Password`
 * or `Application`, a word of a report) is found wherever that word is. Names the cause, never the
 * characters.
 */
export function fragmentHint(hits: readonly SecretHit[]): string | undefined {
  const names = [...new Set(hits.filter((h) => h.form === 'fragment').map((h) => h.secret))];
  if (!names.length) return undefined;
  return `${names.join(', ')}: 8 or more consecutive characters of ${names.length > 1 ? 'these secrets' : 'this secret'} appear in the file. If the secret contains an ordinary word of 8+ characters (a name of the contract such as an element name, or a word of the report), that word is found wherever it occurs: use a secret without one.`;
}
