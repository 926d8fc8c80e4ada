// The emulator held to Wix's own schema (shared-gallery.service.json): names, enums, oneOf flattening, paths.
import * as fs from 'fs';
import * as path from 'path';
import {
	ITEM_TYPES,
	ORIENTATIONS,
	SEED,
	SORT_FIELDS,
	startEmulator,
	type Emulator,
} from '../../emulator';
import { PATHS, api, query } from './helpers';

// Wix's published schema, kept beside the emulator it specifies.
const schemaPath = path.join(__dirname, '../../emulator/reference/shared-gallery.service.json');

interface Message {
	name: string;
	members: { name: string; type: unknown }[];
	enum: string[] | null;
	oneOf?: boolean;
}

let messages: Map<string, Message>;
const msg = (short: string): Message => {
	const m = messages.get(`_wix_sharedgallery_api_v1_items_${short}`);
	if (!m) throw new Error(`no message ${short}`);
	return m;
};
const names = (short: string) => msg(short).members.map((m) => m.name);

let emu: Emulator;
beforeAll(async () => {
	if (schemaPath) {
		const service = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
		messages = new Map(service.messages.map((m: Message) => [m.name, m]));
	}
	emu = await startEmulator();
});
afterAll(() => emu.close());

/** The message a member's type names (e.g. SharedGalleryItem.additionalInfo → SharedGalleryItem_AdditionalInfo). */
function memberMessage(short: string, member: string): string {
	const t = msg(short).members.find((m) => m.name === member)!.type as string;
	return t.replace(/^.*\._wix_sharedgallery_api_v1_items_/, '');
}

/** Keys of `obj` must be schema members (after flattening the named oneOf groups). */
function expectKeysIn(obj: Record<string, unknown>, short: string, oneOfs: string[] = []) {
	const allowed = new Set([
		...names(short).filter((n) => !oneOfs.includes(n)),
		...oneOfs.flatMap((o) => names(memberMessage(short, o))),
	]);
	for (const k of Object.keys(obj))
		expect({ key: k, ok: allowed.has(k) }).toEqual({ key: k, ok: true });
}

describe('shared-gallery.service.json', () => {
	test('enums match the schema exactly', () => {
		expect([...SORT_FIELDS]).toEqual(msg('QueryItemsRequest_Field').enum);
		expect([...ORIENTATIONS]).toEqual(msg('Orientation').enum);
		expect([...ITEM_TYPES]).toEqual(msg('ItemType').enum);
		const who = messages.get(
			'_wix_sharedgallery_api_v1_settings_DownloadSettings_WhoCanDownload',
		)!.enum!;
		expect(who).toEqual(expect.arrayContaining(['NO_ONE', 'EVERYONE', 'MEMBERS']));
	});

	test('the oneOf groups the wire flattens are oneOf in the schema', () => {
		expect(msg('SharedGalleryItem_AdditionalInfo').oneOf).toBe(true);
		expect(msg('ViewUrl_ViewUrl').oneOf).toBe(true);
		expect(msg('ViewUrl_metadata').oneOf).toBe(true);
		expect(names('SharedGalleryItem')).toContain('additionalInfo');
	});

	test('request filter names are the schema names', () => {
		expect(names('QueryItemsRequest_Filter').sort()).toEqual([
			'albumIds',
			'createdBy',
			'itemIds',
			'itemTypes',
			'likedBy',
			'taggedBy',
		]);
		expect(names('QueryItemsRequest')).toEqual(['filter', 'sort', 'paging', 'fieldset']);
		expect(names('QueryItemsRequest_Sorting').sort()).toEqual(['field', 'order']);
		expect(names('GetVisualMediaDisplayURLRequest').sort()).toEqual([
			'incrementViewCount',
			'itemIds',
		]);
		expect(names('GetItemsDownloadURLRequest')).toEqual(['itemIds']);
	});

	test('query response and every item (media and album, all fieldsets) use schema names only', async () => {
		const r = await query(emu, {
			fieldset: ['Profiles', 'RecentTaggedMembers'],
			paging: { limit: 100 },
		});
		expect(Object.keys(r.body).sort()).toEqual(names('QueryItemsResponse').sort());
		const partial = await query(emu, { paging: { limit: 2 } });
		expectKeysIn(partial.body.metadata, 'CursorMetadata');
		expect(r.body.items.length).toBe(emu.store.items.length);
		for (const item of r.body.items) {
			expectKeysIn(item, 'SharedGalleryItem', ['additionalInfo']);
			expect(item).not.toHaveProperty('additionalInfo');
			expect(ITEM_TYPES).toContain(item.type);
			expectKeysIn(item.createdBy, 'IdentityProfile');
			for (const p of item.latestTaggedMembers) expectKeysIn(p, 'IdentityProfile');
			if (item.createdBy.identityProfileStatus)
				expect(
					messages.get('_wix_sharedgallery_api_v1_items_IdentityProfile_IdentityProfileStatus')!
						.enum,
				).toContain(item.createdBy.identityProfileStatus);
			const previews: any[] = [];
			if (item.type === 'VISUAL_MEDIA') {
				expect(item).toHaveProperty('visualMediaInfo');
				expect(item).not.toHaveProperty('albumInfo');
				expectKeysIn(item.visualMediaInfo, 'VisualMediaInfo');
				expect(typeof item.visualMediaInfo.size).toBe('string');
				previews.push(...item.visualMediaInfo.previewImages);
			} else {
				expect(item).toHaveProperty('albumInfo');
				expectKeysIn(item.albumInfo, 'AlbumInfo');
				if (item.albumInfo.cover) {
					expectKeysIn(item.albumInfo.cover, 'Cover');
					previews.push(...item.albumInfo.cover.images);
				}
				previews.push(...item.albumInfo.mediaPreviews);
			}
			for (const p of previews) {
				expectKeysIn(p, 'PreviewImage');
				expect(msg('FileContentStatus').enum).toContain(p.status);
				expect(p.url).toMatch(/^media\//);
			}
		}
	});

	test('display URL entries: ViewUrl with its two oneOf groups flattened', async () => {
		const ids = emu.store.items.filter((i) => i.media).map((i) => i.id);
		const r = await api(emu, PATHS.view, { itemIds: ids });
		expect(Object.keys(r.body)).toEqual(names('GetVisualMediaDisplayURLResponse'));
		let kinds = new Set<string>();
		for (const u of r.body.urls) {
			expectKeysIn(u, 'ViewUrl', ['viewUrl', 'metadata']);
			const viewUrl = names('ViewUrl_ViewUrl').filter((n) => n in u);
			expect(viewUrl).toHaveLength(1);
			const meta = names('ViewUrl_metadata').filter((n) => n in u);
			expect(meta.length).toBeLessThanOrEqual(1);
			if (u.imageInfo) expectKeysIn(u.imageInfo, 'ImageMetadata');
			if (u.videoInfo) expectKeysIn(u.videoInfo, 'VideoMetadata');
			kinds.add([...viewUrl, ...meta].join('+'));
		}
		expect([...kinds].sort()).toEqual(['notProcessedYet', 'url+imageInfo', 'url+videoInfo']);
	});

	test('download-url response names', async () => {
		const r = await api(emu, PATHS.download, { itemIds: [SEED.media.garden] });
		expect(Object.keys(r.body).sort()).toEqual(names('GetItemsDownloadURLResponse').sort());
	});

	test('every REST binding in the schema answers (shared-gallery/v1 and api/v1 paths)', async () => {
		const service = JSON.parse(fs.readFileSync(schemaPath!, 'utf8'));
		const urls: string[] = service.operations
			.map((o: any) => new URL(o.docs.url).pathname)
			.filter((p: string) => !p.startsWith('/v1/'));
		expect(urls.length).toBe(7);
		for (const p of urls) {
			const body = p.includes('query') ? {} : { itemIds: [SEED.media.garden] };
			const r = await api(emu, p, body);
			expect({ p, status: r.status }).toEqual({ p, status: 200 });
		}
	});
});
