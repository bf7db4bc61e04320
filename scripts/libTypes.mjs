// The declarations tsc writes import each other without extensions; a package.json saying
// "commonjs" beside them lets every TypeScript module resolution mode follow those imports.
import { writeFileSync } from 'node:fs';

writeFileSync(new URL('../lib/types/package.json', import.meta.url), '{ "type": "commonjs" }\n');
