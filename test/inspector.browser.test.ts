/**
 * The inspector page in a real browser (Debian's Chromium through playwright-core) during a
 * paper-like run: executions appear, one is selected, and its current state is highlighted
 * in the statechart. Saves test-artifacts/inspector.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NanoClock } from '../actors/nanoClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import { createDemoFeed } from '../adapters/feeds/demoFeed.js';
import { demoMarkets } from '../adapters/feeds/demoMarkets.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import { attachInspector, type InspectorHandle } from '../inspector/index.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
];

/** Locally a missing Chromium skips this file, saying why; in CI (`CI=true`) it never skips. */
/** The trading state the fake breaker reports (the test changes it). */
const shown: { trading: unknown } = { trading: null };
const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
const SKIP = !existsSync(CHROMIUM) && !IN_CI;
const SKIP_REASON = `no Chromium at ${CHROMIUM} (Debian: apt-get install chromium); CI installs it and never skips`;
if (SKIP) console.warn(`test/inspector.browser.test.ts skipped: ${SKIP_REASON}`);

const TITLE = `inspector page in Chromium${SKIP ? ` (skipped: ${SKIP_REASON})` : ''}`;

describe.skipIf(SKIP)(TITLE, () => {
  let browser: Browser;
  let insp: InspectorHandle;
  let supervisor: ExecutionSupervisor;
  const started = Date.now();

  beforeAll(async () => {
    const clock = new NanoClock();
    const kalshi = new SimulatedVenue({
      venue: 'kalshi',
      clock,
      seed: 3,
      latencyMs: { min: 150, max: 600 }
    });
    const polymarket = new SimulatedVenue({
      venue: 'polymarket',
      clock,
      seed: 4,
      latencyMs: { min: 100, max: 400 },
      settlementLagMs: 800
    });
    const markets = demoMarkets(96);
    supervisor = new ExecutionSupervisor({
      markets,
      venues: { kalshi, polymarket },
      clock,
      config: { delayedReleaseMs: 1_500, capacity: 128 }
    });
    supervisor.connect(
      createDemoFeed({ clock, seed: 11, venues: { kalshi, polymarket }, markets, ratePerSec: 60 })
    );
    const breaker = {
      halted: false,
      reason: null,
      consecutiveErrors: 1,
      trips: 0,
      dailyPnl: 12_340_000,
      enabled: true,
      dailyLimitHit: false,
      tradingDayStartWallMs: Date.UTC(2026, 10, 29, 5, 0, 0),
      nextResetWallMs: Date.UTC(2026, 10, 30, 5, 0, 0),
      blacklist: [{ marketId: 7, untilWallMs: started + 95_000 }]
    };
    insp = await attachInspector(supervisor, {
      breakerStatus: () => ({
        ...breaker,
        trading: shown.trading,
        pnl: { realized: -20_000, lockedIn: 1_250_000, unhedgedCost: 0 }
      })
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await insp?.close();
    await supervisor?.stop({ timeoutMs: 3_000 });
  }, 30_000);

  it('shows executions and highlights the selected one in the statechart', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(insp.url);

    // executions appear in the actor tree, and the statechart is drawn
    await page.waitForSelector('#conn.on');
    // polled from here: the page's CSP forbids the eval a string waitForFunction needs
    await expect
      .poll(() => page.locator('#tree .tnode[data-id]').count(), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(5);
    await page.waitForSelector('#chart svg .snode');
    expect(await page.locator('#chart .snode').count()).toBeGreaterThan(20);

    // select a live execution (or the newest one) and see its state highlighted
    const id = await page.locator('#tree .tnode[data-id]').first().getAttribute('data-id');
    // the list re-renders several times a second: address the row by its id, not position
    await page.locator(`#tree .tnode[data-id="${id}"]`).dispatchEvent('mousedown');
    await page.waitForSelector(`#tree .tnode.sel[data-id="${id}"]`);
    const svg = page.locator('#chart svg');
    await expect.poll(() => svg.getAttribute('data-exec')).toBe(id);
    // the execution keeps moving: check the leaves and their highlight in one instant
    const highlighted = `(() => {
      const svg = document.querySelector('#chart svg');
      const leaves = (svg?.getAttribute('data-active-leaves') ?? '').split(' ').filter(Boolean);
      return leaves.length > 0 && leaves.every((leaf) =>
        document.querySelector('#chart .snode[data-id="' + leaf + '"]')?.classList.contains('active'));
    })()`;
    await expect.poll(() => page.evaluate(highlighted), { timeout: 10_000 }).toBe(true);
    expect(await page.locator('#chart .sedge.taken').count()).toBeGreaterThan(0);
    expect(await page.locator('#timeline-title').textContent()).toContain(id ?? '?');

    // the other panels are live too
    await page.waitForSelector('#results tbody tr');
    expect(await page.locator('#breaker').textContent()).toContain('TRADING');
    expect(await page.locator('#breaker').textContent()).toContain(
      'realized −$0.020 · locked-in $1.25 · unhedged $0'
    );
    // a used-up limit is never shown green: the badge follows the trading state
    shown.trading = {
      mode: 'LIMIT_REACHED',
      reasons: ['total position limit reached: 500/500 contracts'],
      marketHolds: [{ kind: 'reconciliation', marketId: 7, detail: 'kalshi holds 3 more YES' }],
      contracts: { used: 500_000_000, limit: 500_000_000, left: 0 },
      dollarsAtRisk: { used: 240_000_000, limit: 250_000_000, left: 10_000_000 }
    };
    const big = page.locator('#breaker .big');
    await expect.poll(() => big.textContent(), { timeout: 5_000 }).toBe('LIMIT REACHED');
    expect(await big.getAttribute('class')).toContain('warn');
    expect(await page.locator('#breaker').textContent()).toContain('500/500 contracts');
    expect(await page.locator('#breaker').textContent()).toContain('kalshi holds 3 more YES');
    shown.trading = null;
    expect(await page.locator('#bitmask-legend').textContent()).toMatch(/\d+ claimed/);

    await page.waitForTimeout(600); // let a render or two land for the picture
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/inspector.png' });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  for (const [width, height] of [
    [1280, 800],
    [1920, 1080]
  ] as const) {
    it(`at ${width}×${height}: no text overflows its cell, times are formatted, a success's highlighted path avoids auto-close`, async () => {
      const page = await browser.newPage({ viewport: { width, height } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(insp.url);
      await page.waitForSelector('#conn.on');
      await page.waitForSelector('#chart svg .snode');
      await page.waitForSelector('#results tbody tr');

      // the statechart opens fitted to its panel's width, labels at a readable size
      const chart = await page.evaluate<
        Record<'wrap' | 'svg' | 'scrollX' | 'labelPx', number>
      >(`(() => {
        const wrap = document.querySelector('#chart');
        const svg = wrap.querySelector('svg');
        const label = svg.querySelector('.snode.atomic text').getBoundingClientRect();
        return {
          wrap: wrap.clientWidth,
          svg: svg.getBoundingClientRect().width,
          scrollX: wrap.scrollWidth - wrap.clientWidth,
          labelPx: label.height
        };
      })()`);
      expect(chart.scrollX, 'no horizontal scroll').toBeLessThanOrEqual(1);
      expect(chart.svg).toBeGreaterThan(chart.wrap * 0.6);
      expect(chart.labelPx, 'leaf label height (px)').toBeGreaterThanOrEqual(9);

      // the breaker shows wall-clock fields as dates with their UTC offset, not epochs
      const breaker = (await page.locator('#breaker').textContent()) ?? '';
      expect(breaker).not.toMatch(/\b1\d{12}\b/);
      expect(breaker).toMatch(/2026-11-\d\d \d\d:\d\d:\d\d (UTC)?[+−-]\d\d:\d\d/);

      // follow a successful execution: its highlighted edges come from its own transitions
      await expect
        .poll(() => page.locator('#results tr[data-id]:has(.badge.ok)').count(), {
          timeout: 20_000
        })
        .toBeGreaterThan(0);
      // find and click the row in one instant: the table re-renders several times a second
      const okId = await page.evaluate<string | null>(`(() => {
        const row = document.querySelector('#results tr[data-id]:has(.badge.ok)');
        row?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
        return row?.getAttribute('data-id') ?? null;
      })()`);
      expect(okId).not.toBeNull();
      await expect.poll(() => page.locator('#chart svg').getAttribute('data-exec')).toBe(okId);
      await expect.poll(() => page.locator('#chart .sedge.taken').count()).toBeGreaterThan(0);
      // every taken edge, and those with a point strictly inside the auto-close box
      const taken = await page.evaluate<{
        edges: string[];
        inside: string[];
        autoCloseNodeLit: boolean;
      }>(`(() => {
        const ac = document
          .querySelector('#chart .snode[data-id="execution.autoClose"] rect')
          .getBBox();
        const name = (g) => g.getAttribute('data-source') + '>' + g.getAttribute('data-target');
        const edges = [...document.querySelectorAll('#chart .sedge.taken')];
        const inside = edges.filter((g) => {
          const p = g.querySelector('path');
          for (let d = 0; d <= p.getTotalLength(); d += 2) {
            const pt = p.getPointAtLength(d);
            if (pt.x > ac.x + 1 && pt.x < ac.x + ac.width - 1 &&
                pt.y > ac.y + 1 && pt.y < ac.y + ac.height - 1) return true;
          }
          return false;
        });
        return {
          edges: edges.map(name),
          inside: inside.map(name),
          autoCloseNodeLit: document
            .querySelector('#chart .snode[data-id="execution.autoClose"]')
            .classList.contains('visited')
        };
      })()`);
      expect(taken.edges).toContain('execution.decide>execution.release');
      expect(taken.edges.filter((e) => e.includes('autoClose'))).toEqual([]);
      expect(taken.inside, 'taken edges drawn across the auto-close box').toEqual([]);
      expect(taken.autoCloseNodeLit).toBe(false);

      // nothing is cut off: every cell, badge and value fits (wraps) in its box
      await page.waitForTimeout(600);
      const overflowing = () =>
        page.evaluate<string[]>(`[
          ...document.querySelectorAll(
            'h2, td, th, .badge, .kv dt, .kv dd, .tnode .st, .tnode .id, .card .v'
          )
        ]
          .filter((el) => el.scrollWidth > el.clientWidth + 1)
          .map((el) => (el.className || el.tagName) + ': ' + el.textContent)`);
      expect(await overflowing()).toEqual([]);
      mkdirSync('.tmp', { recursive: true });
      await page.screenshot({ path: `.tmp/inspector-${width}x${height}.png` });
      expect(await overflowing()).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);
  }
});
