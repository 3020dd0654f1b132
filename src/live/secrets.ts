/**
 * Secret values in every form they could take on the way to a file: raw, base64 (also of the UTF-8
 * bytes in URL-safe form), URL-encoded and XML-escaped. Used to redact what reports show and to scan
 * what was written.
 */
import { esc } from '../xml/writer.ts';

export interface NamedSecret {
  name: string;
  value: string;
}

export function secretForms(value: string): { form: string; text: string }[] {
  const b64 = Buffer.from(value, 'utf8').toString('base64');
  const forms = [
    { form: 'raw', text: value },
    { form: 'base64', text: b64 },
    { form: 'base64 (unpadded)', text: b64.replace(/=+$/, '') },
    { form: 'base64url', text: Buffer.from(value, 'utf8').toString('base64url') },
    { form: 'url-encoded', text: encodeURIComponent(value) },
    { form: 'url-encoded (form)', text: encodeURIComponent(value).replace(/%20/g, '+') },
    { form: 'xml-escaped', text: esc(value).replace(/'/g, '&apos;') },
    { form: 'xml-escaped (numeric)', text: esc(value).replace(/'/g, '&#39;') },
    { form: 'json-escaped', text: JSON.stringify(value).slice(1, -1) },
  ];
  const seen = new Set<string>();
  return forms.filter((f) => f.text.length > 0 && !seen.has(f.text) && seen.add(f.text));
}

/** Secrets worth looking for: set, and long enough that a match is not a coincidence. */
export function usableSecrets(secrets: NamedSecret[]): NamedSecret[] {
  return secrets.filter((s) => s.value.length >= 4);
}

export function redact(text: string, secrets: NamedSecret[]): string {
  let out = text;
  for (const s of usableSecrets(secrets)) {
    for (const f of secretForms(s.value)) out = out.split(f.text).join(`[${s.name} redacted]`);
  }
  return out;
}

export interface SecretHit {
  file: string;
  secret: string;
  form: string;
}

/** Every (secret, form) that appears in `text`; names only, never the value. */
export function findSecrets(file: string, text: string, secrets: NamedSecret[]): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const s of usableSecrets(secrets)) {
    for (const f of secretForms(s.value)) if (text.includes(f.text)) hits.push({ file, secret: s.name, form: f.form });
  }
  return hits;
}
