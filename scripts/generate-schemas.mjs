// Writes every JSON Schema the packages export into schemas/, from the built packages
// (run `npm run build` first). With `--check` it writes nothing and exits 1 when a
// checked-in file differs from what the code generates.
//
// A package that owns schemas exports `schemaFiles: Array<{ file, schema }>`; add the
// package's name to PACKAGES.
import { readFile, writeFile } from 'node:fs/promises';

const PACKAGES = ['@quorum/config', '@quorum/compiler', '@quorum/engine', '@quorum/personas', '@quorum/runner'];

const check = process.argv.includes('--check');
const schemasDir = new URL('../schemas/', import.meta.url);
// One definition of a schema file's text, shared with the packages' staleness tests.
const { schemaFileText } = await importBuilt('@quorum/config');
const stale = [];

for (const name of PACKAGES) {
  for (const { file, schema } of (await importBuilt(name)).schemaFiles) {
    const url = new URL(file, schemasDir);
    const text = schemaFileText(schema);
    if ((await readFile(url, 'utf8').catch(() => undefined)) === text) continue;
    if (check) {
      stale.push(`schemas/${file}`);
    } else {
      await writeFile(url, text);
      console.log(`wrote schemas/${file} (from ${name})`);
    }
  }
}

if (stale.length > 0) {
  console.error(`stale: ${stale.join(', ')}; run npm run schemas`);
  process.exit(1);
}

async function importBuilt(name) {
  try {
    return await import(name);
  } catch (error) {
    console.error(`cannot import ${name} (${error.message.split('\n')[0]}); run npm run build first`);
    process.exit(1);
  }
}
