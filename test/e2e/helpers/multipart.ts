/** A small, strict multipart/form-data parser (RFC 7578) for the stand-in servers. */
export interface FormPart {
	name: string;
	/** Present for file parts. */
	fileName?: string;
	contentType?: string;
	headers: Record<string, string>;
	data: Buffer;
}

function boundaryOf(contentType: string | undefined): string {
	const m = /^multipart\/form-data\s*;(?:.*;)?\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(
		contentType ?? '',
	);
	if (!m) throw new Error(`not multipart/form-data: ${contentType}`);
	return m[1] ?? m[2];
}

function dispositionParam(value: string, key: string): string | undefined {
	// filename*=UTF-8''percent-encoded takes precedence over filename="..."
	const ext = new RegExp(`;\\s*${key}\\*=([^']*)'[^']*'([^;]+)`, 'i').exec(value);
	if (ext) return decodeURIComponent(ext[2].trim());
	const quoted = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(value);
	if (quoted) return quoted[1].replace(/\\(.)/g, '$1');
	const bare = new RegExp(`;\\s*${key}=([^;]+)`, 'i').exec(value);
	return bare ? bare[1].trim() : undefined;
}

export function parseMultipart(body: Buffer, contentType: string | undefined): FormPart[] {
	const boundary = boundaryOf(contentType);
	const delimiter = Buffer.from(`--${boundary}`);
	const parts: FormPart[] = [];
	let pos = body.indexOf(delimiter);
	if (pos < 0) throw new Error('multipart: opening boundary not found');
	for (;;) {
		pos += delimiter.length;
		if (body.subarray(pos, pos + 2).toString() === '--') break; // closing delimiter
		if (body.subarray(pos, pos + 2).toString() !== '\r\n')
			throw new Error('multipart: bad delimiter line');
		pos += 2;
		const headerEnd = body.indexOf('\r\n\r\n', pos);
		if (headerEnd < 0) throw new Error('multipart: part headers not terminated');
		const headers: Record<string, string> = {};
		for (const line of body.subarray(pos, headerEnd).toString('utf8').split('\r\n')) {
			const i = line.indexOf(':');
			if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
		}
		const dataStart = headerEnd + 4;
		const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), dataStart);
		if (next < 0) throw new Error('multipart: part not terminated');
		const disposition = headers['content-disposition'] ?? '';
		if (!/^form-data\b/i.test(disposition))
			throw new Error(`multipart: bad Content-Disposition: ${disposition}`);
		parts.push({
			name: dispositionParam(disposition, 'name') ?? '',
			fileName: dispositionParam(disposition, 'filename'),
			contentType: headers['content-type'],
			headers,
			data: Buffer.from(body.subarray(dataStart, next)),
		});
		pos = next + 2;
	}
	return parts;
}
