// Bundles the dashboard into the jar's static resources (META-INF/resources/assets), beside index.html.
// Usage: node build.mjs [output directory]; the Maven build passes target/classes/META-INF/resources.
import * as esbuild from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const out = join(process.argv[2] || 'target/classes/META-INF/resources', 'assets');
// The budget of the issue: the JavaScript stays under 200 KB gzipped.
const BUDGET = 200 * 1024;

await esbuild.build({
  entryPoints: { app: 'src/main/js/main.js', style: 'src/main/css/app.css' },
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'esm',
  target: ['es2020'],
  outdir: out,
  logLevel: 'warning',
});

const gzipped = gzipSync(readFileSync(join(out, 'app.js'))).length;
console.log(`dashboard: ${out}/app.js is ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${BUDGET / 1024} KB)`);
if (gzipped > BUDGET) {
  console.error('dashboard: the JavaScript is over its budget');
  process.exit(1);
}
