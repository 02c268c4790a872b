// Sums vitest's JSON reports (packages/*/test-report.json, written when QUORUM_TEST_REPORT
// is set) and prints `tests: N passed, N failed`. A package with a test script but no
// report (it crashed or never ran) counts as one failure. Exit code 1 when anything failed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDir = fileURLToPath(new URL('../packages/', import.meta.url));
let passed = 0;
let failed = 0;
for (const name of readdirSync(packagesDir).sort()) {
  const manifest = path.join(packagesDir, name, 'package.json');
  if (!existsSync(manifest) || !JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) continue;
  const reportFile = path.join(packagesDir, name, 'test-report.json');
  if (!existsSync(reportFile)) {
    console.log(`${name}: no test report (its tests did not run to the end)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const suiteFailures = report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
  passed += report.numPassedTests;
  failed += report.numFailedTests + suiteFailures;
  console.log(`${name}: ${report.numPassedTests} passed, ${report.numFailedTests + suiteFailures} failed`);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
