// Every screen readable and reachable by every student (WCAG 2.1 AA) in Chromium, phone-sized (375 px):
// axe-core's A and AA rules, 44 px touch targets, a visible focus, and 200% text (tests/e2e/a11y.mjs),
// on each screen and state of the app from a blank phone on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, phone, shot, watchErrors } from './helpers.mjs';
import { walkEveryScreen, screenProblems, routeTitles, PASSING_THROUGH } from './a11y.mjs';

let server, chrome;
before(async () => { server = await startServer(); chrome = await launch(); });
after(async () => { await chrome?.close(); server?.stop(); });

test('every screen passes axe (WCAG 2.1 A, AA), has 44 px targets and a visible focus, and fits at 200% text', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  const { problems, titles } = await walkEveryScreen(page, server.base, async (p, name) => {
    const found = await screenProblems(p, name, (large) => shot(large, `a11y-${name}-200`));
    await shot(p, `a11y-${name}`);
    return found;
  });
  const missed = [...routeTitles()].filter((t) => !titles.has(t) && !PASSING_THROUGH.includes(t));
  assert.deepEqual(missed, [], 'every screen of Route::title is walked');
  assert.deepEqual(problems, [], problems.join('\n'));
  assert.deepEqual(errors, []);
  await ctx.close();
});
