const { src, dest, task } = require('gulp');

// icons/*.svg → dist/icons/, where nodes (file:../../icons/…) and the credential (file:../icons/…) find them.
task('build:icons', () => src('icons/*.svg', { encoding: false }).pipe(dest('dist/icons')));

// Output schemas, nodes/<Node>/__schema__/v<version>[/<operation>].json → dist: n8n serves them to
// the editor (GET /schemas/<type>/<version>[/<operation>].json) for mapping before the first run.
task('build:schemas', () =>
	src('nodes/**/__schema__/**/*.json', { encoding: false }).pipe(dest('dist/nodes')),
);
