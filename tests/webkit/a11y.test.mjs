// Every screen readable and reachable by every student (WCAG 2.1 AA) in WebKit, the engine of every
// iPhone's WeChat: the same walk and checks as the Chromium suite (tests/e2e/a11y.mjs): axe-core's
// A and AA rules, 44 px touch targets, a visible focus, and 200% text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../e2e/helpers.mjs';
import { walkEveryScreen, screenProblems, routeTitles, PASSING_THROUGH } from '../e2e/a11y.mjs';
import { webkitPhone } from './driver.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server?.stop());

test('WebKit: every screen passes axe (WCAG 2.1 A, AA), has 44 px targets and a visible focus, and fits at 200% text', async () => {
  const p = await webkitPhone();
  try {
    const { problems, titles } = await walkEveryScreen(p, server.base, async (page, name) => {
      const found = await screenProblems(page, name, (large) => large.shot(`a11y-${name}-200`));
      await page.shot(`a11y-${name}`);
      return found;
    });
    const missed = [...routeTitles()].filter((t) => !titles.has(t) && !PASSING_THROUGH.includes(t));
    assert.deepEqual(missed, [], 'every screen of Route::title is walked');
    assert.deepEqual(problems, [], problems.join('\n'));
    assert.deepEqual(await p.errors(), []);
  } finally {
    await p.close();
  }
});
