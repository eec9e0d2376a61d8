// The app in WebKit, the iPhone's engine: the flows the issue names, each on its own phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../e2e/helpers.mjs';
import { webkitPhone } from './driver.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server?.stop());

test('WebKit: first load, the demo, and 找组织 by name, 组织ID and pinyin initials', async () => {
  const p = await webkitPhone();
  const wasm = (build) => server.requests.filter((r) => new RegExp(`/${build}-[0-9a-f]+_bg\\.wasm$`).test(r)).length;
  try {
    await p.go(server.base);
    await p.ready();
    await p.waitFor('[data-test=first-run]');
    await p.shot('01-first-run');
    // One download of the member's wasm: WebKit does not hand a preloaded response to fetch().
    assert.equal(wasm('tuan'), 1, server.requests.join(' '));
    await p.tap('[data-test=use-demo]');
    await p.waitFor('body', '点选一个身份即可直接进入');
    assert.equal(wasm('tuan-full'), 1, server.requests.join(' '));
    await p.shot('02-demo');
    await p.go(`${server.base}#/find?q=${encodeURIComponent('计算机科学')}`);
    await p.waitFor('[data-test=find-hit]', '2025级计算机科学与技术1班团支部');
    await p.go(`${server.base}#/find?q=1100101`);
    await p.waitFor('[data-test=find-hit]', '2025级计算机科学与技术1班团支部');
    // Initials from the shipped table, the same as in Chromium (ICU 72's collation gave nothing).
    for (const [q, name] of [['jsj', '2025级计算机科学与技术1班团支部'], ['rxsy', '睿信书院'], ['jgsy', '精工书院'], ['kjx', '2025级会计学1班团支部'], ['hjx', '2025级会计学1班团支部']]) {
      await p.go(`${server.base}#/find?q=${q}`);
      await p.waitFor('[data-test=find-hit]', name);
    }
    await p.shot('03-find-initials');
    assert.deepEqual(await p.errors(), []);
  } finally {
    await p.close();
  }
});
