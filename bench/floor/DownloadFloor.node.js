'use strict';
// Bench only, never published (bench/speed.ts installs it beside the package in real n8n).
// The floors for Get Download on a given n8n: the same URL fetched through the same helper, in
// the same process, Node and heap, and
//   - Store off: the body read as Get Download reads it (its events) and dropped: no unzip, no
//     CRC-32, no binary data store. What any node on that n8n takes at least to download it;
//   - Store on: the body given whole to n8n's binary data store (`prepareBinaryData`), as
//     HTTP Request's File response does: what any node that keeps the bytes takes at least.
class DownloadFloor {
	constructor() {
		this.description = {
			displayName: 'Download Floor',
			name: 'downloadFloor',
			group: ['transform'],
			version: 1,
			description: 'Bench only: downloads a URL through n8n and discards the bytes',
			defaults: { name: 'Download Floor' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [
				{ displayName: 'URL', name: 'url', type: 'string', default: '' },
				{ displayName: 'Store', name: 'store', type: 'boolean', default: false },
			],
		};
	}

	async execute() {
		const url = this.getNodeParameter('url', 0);
		// The options of Get Download's file-host request (nodes/SharedGallery/transport/body.ts).
		const response = await this.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 600000,
		});
		const body = response.body;
		if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
		if (this.getNodeParameter('store', 0)) {
			const binary = await this.helpers.prepareBinaryData(body, 'archive.zip');
			return [
				[
					{
						json: { bytes: Number(binary.bytes ?? 0), stored: binary.id ?? 'memory' },
						binary: { data: binary },
					},
				],
			];
		}
		let bytes = 0;
		let pieces = 0;
		await new Promise((resolve, reject) => {
			body.on('data', (piece) => {
				bytes += piece.length;
				pieces++;
			});
			body.once('end', resolve);
			body.once('error', reject);
		});
		const expected = Number(response.headers['content-length'] ?? Number.NaN);
		if (response.statusCode !== 200 || (Number.isFinite(expected) && expected !== bytes))
			throw new Error(`HTTP ${response.statusCode}: ${bytes} bytes of ${expected}`);
		return [[{ json: { bytes, pieces, statusCode: response.statusCode } }]];
	}
}

module.exports = { DownloadFloor };
