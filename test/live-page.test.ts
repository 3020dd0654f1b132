/**
 * The live verdict page (GET /__conformance/) in headless Chromium: a request sent while the page is
 * open appears, and opening it shows the message with each violation marked at its line and column.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startProxy, type RunningProxy } from '../src/proxy/index.ts';
import { startServer, type RunningServer } from '../src/server/index.ts';
import { startTenant, type RunningTenant } from '../src/tenant/index.ts';
import { buildRequest } from '../src/envelope/request.ts';
import { ruleById } from '../src/contract/catalogue.ts';
import { consequenceText } from '../src/report/page/store.ts';
import type { Violation } from '../src/contract/rule.ts';

const TICKET = '7T:page-test-ticket-91ab';
const TOKEN = 'page-test-token-3c3c';

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});
afterAll(async () => {
  await browser?.close();
});

/** The character each mark sits on must be the one the violation's line and column point at in the message shown. */
async function expectMarkedAt(page: Page, label: string, violations: Violation[], shownBody: string) {
  const lines = shownBody.split('\n');
  for (const v of violations.filter((x) => x.line !== null)) {
    const mark = page.locator(`section[data-label="${label}"] mark[data-rule="${v.rule}"][data-line="${v.line}"][data-column="${v.column}"]`);
    await expect(mark.count()).resolves.toBeGreaterThan(0);
    const ch = (lines[v.line! - 1] ?? '')[v.column! - 1] ?? ' ';
    expect(await mark.first().textContent()).toBe(ch);
    // The row holding the mark is the violation's line, numbered as such.
    const row = page.locator(`section[data-label="${label}"] .line[data-line="${v.line}"]`);
    await expect(row.locator('.mark-note').filter({ hasText: v.rule }).count()).resolves.toBeGreaterThan(0);
  }
}

describe('live verdict page, proxy', () => {
  let tenant: RunningTenant;
  let proxy: RunningProxy;
  beforeAll(async () => {
    tenant = await startTenant({ tickets: { [TICKET]: 'so-conformance' } });
    proxy = await startProxy({ upstream: tenant.origin });
  });
  afterAll(async () => {
    await proxy?.close();
    await tenant?.close();
  });

  it('shows a broken request arriving while it is open, with every violation marked where it is', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    await page.goto(`${proxy.url}/__conformance/`);
    await page.locator('#empty').waitFor();
    expect(await page.locator('#exchanges li').count()).toBe(0);

    // Headers inside Body, pretty-printed: violations on several lines, one after the ticket.
    const r = buildRequest({ ids: [1, 'x'], ticket: TICKET, applicationToken: TOKEN, headerPlacement: 'body', pretty: true });
    const res = await fetch(`${proxy.url}/Cust12345${r.contract.endpointPath}`, { method: 'POST', headers: r.headers, body: Buffer.from(r.bytes) });
    expect(res.status).toBe(500);
    const verdict = proxy.verdicts().at(-1)!;
    expect(verdict.request!.conformant).toBe(false);

    const item = page.locator('#exchanges li[data-conformant="false"]');
    await item.waitFor({ timeout: 10_000 });
    expect(await item.textContent()).toContain('not conformant');
    await item.click();
    await page.locator('section[data-label="request"] .body').waitFor();

    const located = verdict.request!.violations.filter((v) => v.line !== null);
    expect(located.length).toBeGreaterThan(1);
    const shown = (await page.locator('section[data-label="request"] .body .code').allTextContents()).join('\n');
    await expectMarkedAt(page, 'request', verdict.request!.violations, shown);
    // Each violation lists the rule's statement and its fix hint.
    for (const v of verdict.request!.violations) {
      const li = page.locator(`section[data-label="request"] .violations li[data-rule="${v.rule}"]`).first();
      expect(await li.locator('.statement').textContent()).toBe(ruleById(v.rule).statement);
      expect(await li.locator('.hint').textContent()).toBeTruthy();
      const consequence = consequenceText(v.rule);
      if (consequence) expect(await li.locator('.consequence').textContent()).toBe(consequence);
    }
    // The answer is there too, judged.
    expect(await page.locator('section[data-label="response"] h3').textContent()).toContain('(fault)');

    // A second, conformant request appears on top (newest first).
    const ok = buildRequest({ ids: [1], ticket: TICKET, applicationToken: TOKEN });
    await fetch(`${proxy.url}/Cust12345${ok.contract.endpointPath}`, { method: 'POST', headers: ok.headers, body: Buffer.from(ok.bytes) });
    await page.locator('#exchanges li:first-child[data-conformant="true"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#exchanges li').count()).toBe(2);

    const html = await page.content();
    for (const s of [TICKET, TOKEN, TICKET.slice(0, 10), TOKEN.slice(0, 10)]) expect(html).not.toContain(s);
    expect(html).toContain('[redacted]');
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('keeps marks in place after a redacted value on the same line', async () => {
    // One line: the ticket comes before the items, so redaction shifts every column after it.
    const r = buildRequest({ ids: [1, 'x'], ticket: TICKET, applicationToken: TOKEN, itemNamespace: 'none' });
    await fetch(`${proxy.url}/Cust12345${r.contract.endpointPath}`, { method: 'POST', headers: r.headers, body: Buffer.from(r.bytes) });
    const verdict = proxy.verdicts().at(-1)!;
    const page = await browser.newPage();
    await page.goto(`${proxy.url}/__conformance/`);
    await page.locator('#exchanges li').first().click();
    await page.locator('section[data-label="request"] .body').waitFor();
    const detail = (await (await fetch(`${proxy.url}/__conformance/exchanges/${await page.locator('#exchanges li').first().getAttribute('data-id')}`)).json()) as {
      messages: { label: string; body: string; verdict: { violations: (Violation & { mark: { line: number; column: number } | null })[] } }[];
    };
    const req = detail.messages[0]!;
    const original = new TextDecoder().decode(r.bytes);
    for (const v of req.verdict.violations.filter((x) => x.line !== null)) {
      // The same element name starts at the mark in the shown text as at the violation's place in the original.
      const at = (text: string, line: number, col: number) => text.split('\n')[line - 1]!.slice(col - 1, col + 15);
      expect(v.mark).not.toBeNull();
      expect(at(req.body, v.mark!.line, v.mark!.column)).toBe(at(original, v.line!, v.column!));
      const mark = page.locator(`section[data-label="request"] mark[data-rule="${v.rule}"]`);
      await expect(mark.count()).resolves.toBeGreaterThan(0);
    }
    expect(verdict.request!.violations.some((v) => v.line !== null)).toBe(true);
    expect(req.body).not.toContain(TICKET);
    await page.close();
  });
});

describe('live verdict page, serve', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('shows a request sent while it is open, with its violations marked', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/__conformance/`);
    await page.locator('#empty').waitFor();
    const r = buildRequest({ ids: [1], ticket: TICKET, applicationToken: TOKEN, ticketOutsideCredentials: true, pretty: true });
    await fetch(`${server.url}${r.contract.endpointPath}`, { method: 'POST', headers: r.headers, body: Buffer.from(r.bytes) });
    const v = server.verdicts().at(-1)!;
    expect(v.conformant).toBe(false);
    await page.locator('#exchanges li[data-conformant="false"]').click({ timeout: 10_000 });
    await page.locator('section[data-label="request"] .body').waitFor();
    const shown = (await page.locator('section[data-label="request"] .body .code').allTextContents()).join('\n');
    await expectMarkedAt(page, 'request', v.violations, shown);
    const html = await page.content();
    expect(html).not.toContain(TICKET);
    expect(html).not.toContain(TOKEN);
    await page.close();
  });
});
