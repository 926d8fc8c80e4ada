// Only where this machine cannot mount a small tmpfs (no root, no CAP_SYS_ADMIN): loaded into n8n
// with NODE_OPTIONS=--require, it makes n8n's writes of a file over 1 MiB under its binary data
// folder (N8N_BINARY_DATA_STORAGE_PATH, filesystem mode) fail with ENOSPC, as a full disk does.
// n8n 2 writes binary data with fs/promises' writeFile. The queue suite says when it used this.
const fsp = require('fs/promises');

const folder = process.env.N8N_BINARY_DATA_STORAGE_PATH;
const writeFile = fsp.writeFile;
fsp.writeFile = async function (path, data, options) {
	const size = typeof data === 'string' ? Buffer.byteLength(data) : (data?.length ?? 0);
	if (folder && String(path).startsWith(folder) && size > 1024 * 1024) {
		const error = new Error(`ENOSPC: no space left on device, write`);
		Object.assign(error, { code: 'ENOSPC', errno: -28, syscall: 'write' });
		throw error;
	}
	return await writeFile.call(this, path, data, options);
};
