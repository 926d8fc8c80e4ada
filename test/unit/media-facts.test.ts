/** The media facts' helpers (issue 24): a format's kind, a name's format, the module's exports. */
import * as media from '../../nodes/SharedGallery/media';
import { formatOfName, kindOf, type MediaFormat } from '../../nodes/SharedGallery/media/facts';
import { MediaProbe, probeBytes } from '../../nodes/SharedGallery/media/probe';

test.each([
	['jpeg', 'image'],
	['png', 'image'],
	['webp', 'image'],
	['heic', 'image'],
	['gif', 'gif'],
	['mp4', 'video'],
	['mov', 'video'],
	[null, null],
] as Array<[MediaFormat | null, string | null]>)('kindOf(%s) is %s', (format, kind) =>
	expect(kindOf(format)).toBe(kind),
);

test.each([
	['jpg', 'jpeg'],
	['JPEG', 'jpeg'],
	['.jpe', 'jpeg'],
	['image/jpeg', 'jpeg'],
	['image/pjpeg', 'jpeg'],
	['Image/JPEG; charset=binary', 'jpeg'],
	['png', 'png'],
	['image/png', 'png'],
	['gif', 'gif'],
	['image/gif', 'gif'],
	['webp', 'webp'],
	['image/webp', 'webp'],
	['heic', 'heic'],
	['heif', 'heic'],
	['image/heif', 'heic'],
	['image/heic-sequence', 'heic'],
	['mp4', 'mp4'],
	['m4v', 'mp4'],
	['video/mp4', 'mp4'],
	['video/x-m4v', 'mp4'],
	['mov', 'mov'],
	['video/quicktime', 'mov'],
	['webm', null],
	['video/webm', null],
	['avif', null],
	['bmp', null],
	['constructor', null],
	['toString', null],
	['', null],
	[undefined, null],
] as Array<[string | undefined, MediaFormat | null]>)('formatOfName(%p) is %p', (name, format) =>
	expect(formatOfName(name)).toBe(format),
);

test('media/index keeps the names it had and adds the probe', () => {
	expect(media.extensionOf('a.JPG')).toBe('jpg');
	expect(media.mimeTypeFor('mov')).toBe('video/quicktime');
	expect(media.mediaTypeFor('gif')).toBe('gif');
	expect(media.MediaProbe).toBe(MediaProbe);
	expect(media.probeBytes).toBe(probeBytes);
	expect(media.kindOf).toBe(kindOf);
	expect(media.formatOfName).toBe(formatOfName);
});

test('a probe that is never fed says the file is empty, and finish never throws', () => {
	const probe = new MediaProbe();
	expect(probe.done).toBe(false);
	expect(probe.finish()).toEqual({
		format: null,
		width: null,
		height: null,
		durationSeconds: null,
		problem: 'the file is empty',
	});
	expect(probe.done).toBe(true);
});
