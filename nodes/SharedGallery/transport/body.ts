/** An error body from the API or the file host: its first 64 KB as text, then as JSON when it is JSON. */

/** Reads a body to its end (so the connection is freed), keeping the first `max` bytes as text. */
export async function readSmall(
	stream: AsyncIterable<Uint8Array>,
	max = 64 * 1024,
): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		if (size < max) chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
		size += chunk.length;
	}
	return Buffer.concat(chunks).toString('utf8').slice(0, max);
}

export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return { message: text.slice(0, 200) };
	}
}
