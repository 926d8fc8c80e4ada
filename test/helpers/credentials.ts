import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { Emulator } from '../../emulator';

/** The credential's three authentication modes. */
export type Scheme = 'apiKey' | 'oauth' | 'instanceToken';
export const SCHEMES: Scheme[] = ['apiKey', 'oauth', 'instanceToken'];

/** The `sharedGalleryApi` credential's data for an emulator, in one scheme. */
export function credentialsFor(
	emulator: Emulator,
	scheme: Scheme = 'apiKey',
): ICredentialDataDecryptedObject {
	const c = emulator.credentials;
	const common = {
		authentication: scheme,
		baseUrl: emulator.baseUrl,
		accessToken: '',
		accessTokenExpiresAt: 0,
	};
	if (scheme === 'oauth')
		return {
			...common,
			clientId: c.clientId,
			clientSecret: c.clientSecret,
			instanceId: c.instanceId,
		};
	if (scheme === 'instanceToken') return { ...common, instanceToken: c.instanceToken };
	return { ...common, apiKey: c.apiKey, siteId: c.siteId };
}
