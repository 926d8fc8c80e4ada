import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { downloadFiles as viaTemporaryFile } from './downloadFiles';
import { downloadFilesStreaming } from './downloadFilesStreaming';

/**
 * Which Get Download path runs (docs/VERIFICATION.md):
 *   - 'file' (default): the archive is streamed to a temporary file and read there with yauzl;
 *   - 'stream': unzipped while it downloads, within n8n's verification rules.
 * `npm run build:verified` fixes it to 'stream' at build time (esbuild `define`), so that build
 * holds no trace of the other path, nor of `process`. Elsewhere (`npm run build`, tests, bench)
 * SG_DOWNLOAD_PATH chooses when the node runs.
 */
export function downloadPath(): 'file' | 'stream' {
	return process.env.SG_DOWNLOAD_PATH === 'stream' ? 'stream' : 'file';
}

export async function downloadFiles(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	// Spelt out (not downloadPath()), and with an else, so that the verification-ready build's
	// constant folding drops the other branch, and tree-shaking everything only it uses.
	if (process.env.SG_DOWNLOAD_PATH === 'stream') {
		return await downloadFilesStreaming.call(this);
	} else {
		return await viaTemporaryFile.call(this);
	}
}
