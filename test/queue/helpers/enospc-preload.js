// Only where this machine cannot mount a small tmpfs (no root, no CAP_SYS_ADMIN): loaded into a
// worker with NODE_OPTIONS=--require, it makes the writes of Get Download's temporary archive
// fail with ENOSPC after 1 MiB, as a full disk does. The queue suite says when it used this.
const fs = require('fs');

const createWriteStream = fs.createWriteStream;
fs.createWriteStream = function (path, options) {
	const stream = createWriteStream.call(fs, path, options);
	if (!String(path).includes('n8n-shared-gallery-')) return stream;
	let written = 0;
	const write = stream._write.bind(stream);
	stream._write = (chunk, encoding, callback) => {
		written += chunk.length;
		if (written <= 1024 * 1024) return write(chunk, encoding, callback);
		const error = new Error('ENOSPC: no space left on device, write');
		Object.assign(error, { code: 'ENOSPC', errno: -28, syscall: 'write' });
		return callback(error);
	};
	return stream;
};
