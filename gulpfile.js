const { src, dest, task } = require('gulp');

// icons/*.svg → dist/icons/, where nodes (file:../../icons/…) and the credential (file:../icons/…) find them.
task('build:icons', () => src('icons/*.svg', { encoding: false }).pipe(dest('dist/icons')));
