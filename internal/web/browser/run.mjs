// node run.mjs JOURNEY runs journeys/JOURNEY.mjs; see lib.mjs. The Go test
// (browser_test.go) starts the server and says where it listens.
import { launch, ensureDir } from './lib.mjs';

const name = process.argv[2];
ensureDir(process.env.YIWANG_SCREENSHOTS);
const { default: run } = await import(`./journeys/${name}.mjs`);
const browser = await launch();
try {
  await run(browser);
} catch (e) {
  console.error(`journey ${name} failed: ${e.stack || e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
