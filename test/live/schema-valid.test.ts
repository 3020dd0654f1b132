import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { NS } from '../../src/contract/namespaces.ts';
import { schemaFileName } from '../../src/contract/wsdl.ts';
import { startLocalTarget, type LocalTarget } from '../../src/live/local-target.ts';
import { recordFlow } from '../../src/live/record.ts';
import { LiveRun } from '../../src/live/run.ts';
import { effectiveVersion, serviceWsdlText, type ServiceId } from '../../src/contract/services.ts';
import { reserialize } from '../../src/xml/values.ts';
import { parseXml } from '../../src/xml/parse.ts';
import type { XElement } from '../../src/xml/tree.ts';

// Every body element the live client sends and the emulated tenant answers (all three services) is
// checked against the schemas inlined in the vendored WSDL, with xmllint (libxml2's own validator).

const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

/** Writes the WSDL's inline schemas as standalone files (namespaces from wsdl:definitions, imports located). */
function writeSchemas(service: ServiceId, version: 86 | 88, dir: string): void {
  const doc = new DOMParser().parseFromString(serviceWsdlText(service, version), 'text/xml');
  for (const s of Array.from(doc.getElementsByTagNameNS(NS.xs, 'schema'))) {
    const copy = s.cloneNode(true) as Element;
    const defs = doc.documentElement!;
    for (const a of Array.from(defs.attributes)) if (a.prefix === 'xmlns' && !copy.hasAttribute(a.name)) copy.setAttributeNS(NS.xmlns, a.name, a.value);
    for (const imp of Array.from(copy.getElementsByTagNameNS(NS.xs, 'import'))) imp.setAttribute('schemaLocation', schemaFileName(imp.getAttribute('namespace')!));
    writeFileSync(join(dir, schemaFileName(s.getAttribute('targetNamespace')!)), copy.toString());
  }
}

function bodyElement(xml: string): XElement | undefined {
  const p = parseXml(xml);
  if (!p.ok) return undefined;
  const body = p.doc.root.children.find((c) => c.local === 'Body');
  const first = body?.children[0];
  return first && first.local !== 'Fault' ? first : undefined;
}

let lt: LocalTarget;
let run: LiveRun;
beforeAll(async () => {
  lt = await startLocalTarget();
  run = new LiveRun(lt.config, lt.flags, lt.env);
  await recordFlow(run);
});
afterAll(async () => {
  await lt.tenant.close();
});

describe.skipIf(!hasXmllint)('live traffic is valid against the WSDL schemas (xmllint --schema)', () => {
  it('every request and response body element of a full recorded flow validates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'so-schema-'));
    const groups = new Map<string, { service: ServiceId; version: 86 | 88; ns: string; files: string[] }>();
    let n = 0;
    for (const x of run.exchanges) {
      for (const [side, text] of [
        ['request', new TextDecoder().decode(x.request.bytes)],
        ['response', x.ok ? new TextDecoder().decode(x.response.bytes) : ''],
      ] as const) {
        const el = bodyElement(text);
        if (!el) continue;
        const version = effectiveVersion(x.service, run.config.servicesVersion) as 86 | 88;
        const key = `${x.service}@${version}|${el.ns}`;
        const g = groups.get(key) ?? { service: x.service, version, ns: el.ns, files: [] };
        groups.set(key, g);
        const xml = reserialize(el, el.local, {}, '').replace(/^<([A-Za-z]+)/, `<$1 xmlns:i="${NS.xsi}"`);
        const file = join(dir, `${String(++n).padStart(3, '0')}-${x.service}-${x.operation}-${side}.xml`);
        writeFileSync(file, xml);
        g.files.push(file);
      }
    }
    expect(n).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const g of groups.values()) {
      const sdir = mkdtempSync(join(dir, `${g.service}-`));
      writeSchemas(g.service, g.version, sdir);
      const r = spawnSync('xmllint', ['--noout', '--schema', join(sdir, schemaFileName(g.ns)), ...g.files], { encoding: 'utf8' });
      if (r.status !== 0) failures.push(r.stderr);
    }
    expect(failures).toEqual([]);
  });

  it('the check can fail: members out of order and an unknown member are rejected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'so-schema-neg-'));
    writeSchemas('Chat', 88, dir);
    const tns = serviceWsdlText('Chat', 88).match(/targetNamespace="([^"]+)"/)![1]!;
    const bad = [
      `<AddChatTopicUserAgent xmlns="${tns}"><Useragent/><ChatTopicId>1</ChatTopicId></AddChatTopicUserAgent>`,
      `<GetChatSessionEntity xmlns="${tns}"><SessionId>1</SessionId></GetChatSessionEntity>`,
    ].map((xml, i) => {
      const f = join(dir, `bad-${i}.xml`);
      writeFileSync(f, xml);
      return f;
    });
    for (const f of bad) {
      const r = spawnSync('xmllint', ['--noout', '--schema', join(dir, schemaFileName(tns)), f], { encoding: 'utf8' });
      expect(r.status, r.stderr).not.toBe(0);
      expect(r.stderr).toContain('fails to validate');
    }
  });
});
