/**
 * Media facts and the fit check in real n8n (issue 24), run by examples.e2e.test.ts on its user
 * folder: every processed medium of the emulator through Download Files and through Get Display
 * URLs in one execution. The two must give the same width, height, duration and fit per item,
 * and both the emulator's truth.
 */
import { chain, TYPES } from '../../engine/workflowJson';
import { CRED, type SuiteContext } from './helpers/context';
import { nodeItems, type ExecResult } from './helpers/n8n';
import type { Workflow } from './helpers/workflows';

const PLATFORMS = ['x', 'instagramFeed', 'instagramReel', 'facebookPage'];

/** Download Files, then Get Display URLs once (not per file) for the same IDs. */
function parityWorkflow(ids: string[]): Workflow {
	const download = (name: string, operation: string) => ({
		name,
		type: TYPES.download,
		typeVersion: 2,
		parameters: {
			operation,
			itemIds: ids.join(','),
			...(operation === 'downloadFiles' ? { binaryPropertyName: 'data' } : {}),
			options: {
				checkFitFor: PLATFORMS,
				...(operation === 'downloadFiles' ? { maxFiles: 5000 } : {}),
			},
		},
		credentials: { sharedGalleryApi: CRED.gallery },
	});
	return {
		id: 'sgE2eMediaFactsParity',
		name: 'e2e: media facts, Download Files against Get Display URLs',
		settings: { executionOrder: 'v1' },
		...chain(download('Files', 'downloadFiles'), {
			...download('URLs', 'getDisplayUrls'),
			executeOnce: true,
		}),
	} as Workflow;
}

export function mediaFactsTests(
	getCtx: () => SuiteContext,
	timings: Record<string, number>,
	expectSuccess: (res: ExecResult) => void,
): void {
	test('media facts: Download Files and Get Display URLs give the same facts and fit for every medium', async () => {
		const ctx = getCtx();
		const media = ctx.emu.store.items.filter((i) => i.media && i.media.processing === null);
		const t = Date.now();
		const res = await ctx.n8n.importAndExecute(parityWorkflow(media.map((i) => i.id)));
		timings.mediaFactsMs = Date.now() - t;
		expectSuccess(res);
		const pick = (json: any) => ({
			width: json.width,
			height: json.height,
			durationSeconds: json.durationSeconds,
			fit: json.fit,
		});
		const files = new Map(nodeItems(res.json, 'Files').map((i) => [i.json.itemId, pick(i.json)]));
		const urls = new Map(nodeItems(res.json, 'URLs').map((i) => [i.json.itemId, pick(i.json)]));
		expect(files.size).toBe(media.length);
		expect(urls.size).toBe(media.length);
		let notOk = 0;
		for (const item of media) {
			const fromFile = files.get(item.id)!;
			expect({ id: item.id, ...fromFile }).toEqual({ id: item.id, ...urls.get(item.id) });
			expect([fromFile.width, fromFile.height]).toEqual([item.media!.width, item.media!.height]);
			expect(fromFile.durationSeconds).toBe(
				item.media!.kind === 'video' ? item.media!.durationMs! / 1000 : null,
			);
			expect(Object.keys(fromFile.fit)).toEqual(PLATFORMS);
			notOk += PLATFORMS.filter((p) => !fromFile.fit[p].ok).length;
		}
		// Some verdicts are no: the comparison covers refusals and their reasons, not only yeses.
		expect(notOk).toBeGreaterThan(0);
	});
}
