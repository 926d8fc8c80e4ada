import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { getDownloadProperties } from './description';
import { downloadFiles } from './downloadFiles';
import { getDisplayUrls } from './getDisplayUrls';

export class SharedGalleryGetDownload implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shared Gallery Get Download',
		name: 'sharedGalleryGetDownload',
		// As a tool, an agent gets each item's JSON: display URLs, or each file's name, type and
		// size (the bytes stay in n8n's binary data). n8n's verification requires the property.
		usableAsTool: true,
		icon: {
			light: 'file:../../icons/sharedGallery.svg',
			dark: 'file:../../icons/sharedGallery.dark.svg',
		},
		group: ['input'],
		// Version 2: Timeout in seconds and Max Total Size in MB (version 1: milliseconds and bytes).
		version: [1, 2],
		defaultVersion: 2,
		subtitle:
			'={{$parameter["operation"] === "getDisplayUrls" ? "Get display URLs" : "Download files"}}',
		description:
			'Download Wix Shared Gallery media as binary files (one item per file), or get public display URLs, for the given media or album IDs',
		defaults: { name: 'Shared Gallery Get Download' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sharedGalleryApi', required: true }],
		properties: getDownloadProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0);
		if (operation === 'downloadFiles') return [await downloadFiles.call(this)];
		if (operation === 'getDisplayUrls') return [await getDisplayUrls.call(this)];
		throw new NodeOperationError(this.getNode(), `Unknown operation "${String(operation)}"`, {
			itemIndex: 0,
		});
	}
}
