import type { IDataObject, INode } from 'n8n-workflow';

import { checkFit, FIT_PLATFORMS, type FitPlatform } from '../SharedGallery/fit';
import type { GalleryItem } from '../SharedGallery/items';
import { fileExtensionOf } from '../SharedGallery/items';
import { formatOfName, kindOf, type MediaFacts } from '../SharedGallery/media';
import { enumList } from '../SharedGallery/validate';

/**
 * The media facts and the fit, as both operations output them: Download Files from the file's
 * own bytes, Get Display URLs from the API's `imageInfo` / `videoInfo`. One place, so that the
 * same item gets the same fields and the same verdict from both.
 */

/** Check Fit For → the platforms, in the order given, checked before any request. */
export function readCheckFitFor(node: INode, value: unknown): FitPlatform[] {
	if (value === undefined || value === null || value === '') return [];
	return [...new Set(enumList(node, value, 'Check Fit For', FIT_PLATFORMS) as FitPlatform[])];
}

/** `width`, `height`, `durationSeconds`, `mediaFactsProblem` (when facts are missing) and `fit`. */
export function mediaJson(
	facts: MediaFacts,
	sizeBytes: number | null,
	platforms: FitPlatform[],
): IDataObject {
	const json: IDataObject = {
		width: facts.width,
		height: facts.height,
		durationSeconds: facts.durationSeconds,
	};
	if (facts.problem) json.mediaFactsProblem = facts.problem;
	if (platforms.length) {
		const fit: IDataObject = {};
		for (const platform of platforms) {
			const verdict = checkFit(platform, { ...facts, sizeBytes });
			// A header that could not be read is no yes, even where the limits need no fact of it:
			// the platform reads that header too. Its cause is the one "unknown" reason.
			fit[platform] = facts.problem
				? {
						ok: false,
						reasons: [
							`unknown: ${facts.problem}`,
							...verdict.reasons.filter((reason) => !reason.startsWith('unknown')),
						],
					}
				: { ...verdict };
		}
		json.fit = fit;
	}
	return json;
}

/**
 * Get Display URLs' facts: the API's sizes (as displayed) and a video's duration in
 * milliseconds; the format from the item's extension, as the API has no format field.
 */
export function displayFacts(
	item: GalleryItem,
	info: IDataObject | undefined,
	video: boolean,
): MediaFacts {
	// The API's extension is trusted here: only Download Files sees the bytes themselves.
	const format = formatOfName(fileExtensionOf(item));
	const width = positive(info?.width);
	const height = positive(info?.height);
	const durationMs = positive(info?.duration);
	// A duration only for a video format (a GIF's videoInfo, if the API sends one, gives none).
	const isVideo = format ? kindOf(format) === 'video' : video;
	const facts: MediaFacts = {
		format,
		width: width && height ? width : null,
		height: width && height ? height : null,
		durationSeconds: isVideo && durationMs ? durationMs / 1000 : null,
	};
	const missing = [
		facts.width === null ? 'size' : '',
		isVideo && facts.durationSeconds === null ? 'duration' : '',
	].filter(Boolean);
	if (missing.length) facts.problem = `the API gave no ${missing.join(' and no ')} for this item`;
	return facts;
}

function positive(value: unknown): number | null {
	const n = Number(value);
	return value !== undefined && value !== null && Number.isFinite(n) && n > 0 ? n : null;
}
