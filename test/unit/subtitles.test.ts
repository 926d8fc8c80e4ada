// Subtitles as the editor shows them: n8n's expression engine on the node's parameters.
import { Workflow, type INode, type INodeParameters, type INodeType } from 'n8n-workflow';

import { SharedGalleryGetDownload } from '../../nodes/SharedGalleryGetDownload/SharedGalleryGetDownload.node.js';
import { SharedGalleryQueryItems } from '../../nodes/SharedGalleryQueryItems/SharedGalleryQueryItems.node.js';
import { SharedGalleryTrigger } from '../../nodes/SharedGalleryTrigger/SharedGalleryTrigger.node.js';

function subtitle(nodeType: INodeType, parameters: INodeParameters): unknown {
	const node: INode = {
		id: '1',
		name: 'N',
		type: `x.${nodeType.description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(
		workflow.getNode('N')!,
		nodeType.description.subtitle!,
		'internal',
		{},
	);
}

describe('subtitles in words', () => {
	test.each([
		['LIKE_COUNT', 'DESC', 'by Like Count, descending'],
		['CREATED_DATE', 'ASC', 'by Created Date, ascending'],
		['ALBUM_INFO_TAG_COUNT', 'DESC', 'by Album Tag Count, descending'],
	])('Query Items: %s %s → "%s"', (sortField, sortOrder, text) => {
		expect(subtitle(new SharedGalleryQueryItems(), { sortField, sortOrder })).toBe(text);
	});

	test.each([
		['downloadFiles', 'Download files'],
		['getDisplayUrls', 'Get display URLs'],
	])('Get Download: %s → "%s"', (operation, text) => {
		expect(subtitle(new SharedGalleryGetDownload(), { operation })).toBe(text);
	});

	test.each([
		['newMedia', 'New media'],
		['newAlbum', 'New album'],
	])('Trigger: %s → "%s"', (event, text) => {
		expect(subtitle(new SharedGalleryTrigger(), { event })).toBe(text);
	});
});
