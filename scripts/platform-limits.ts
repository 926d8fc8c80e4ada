// The limits tables in README.md and docs/FIT.md, from nodes/SharedGallery/fit/limits.ts.
//   npx tsx scripts/platform-limits.ts           says which page is out of date (exit 1 if any)
//   npx tsx scripts/platform-limits.ts --write   rewrites them
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

import { withLimitsTable } from '../nodes/SharedGallery/fit/table';

const root = join(__dirname, '..');
const write = process.argv.includes('--write');
let stale = 0;
for (const page of ['README.md', 'docs/FIT.md']) {
	const file = join(root, page);
	const text = readFileSync(file, 'utf8');
	const fresh = withLimitsTable(text);
	if (fresh === text) continue;
	if (write) writeFileSync(file, fresh);
	else stale++;
	process.stdout.write(`${page}: ${write ? 'rewritten' : 'out of date'}\n`);
}
process.exitCode = stale > 0 ? 1 : 0;
