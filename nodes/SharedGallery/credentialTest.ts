import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { SharedGalleryApi } from '../../credentials/SharedGalleryApi.credentials';
import { DEFAULT_BASE_URL, QUERY_PATH } from './endpoints';
import { apiError, joinUrl, redact } from './transport';
import { secretValues } from './transport/errors';

/** What n8n hands a credential test: only the request-style helper. */
type TestRequest = ICredentialTestFunctions['helpers']['request'];

interface FullResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

/** The credential's own `httpRequest`-style calls, carried by the one helper a credential test has. */
function httpHelper(request: TestRequest): IHttpRequestHelper {
	const httpRequest = async (options: IHttpRequestOptions): Promise<FullResponse | unknown> => {
		const response = (await request({
			method: options.method ?? 'GET',
			uri: options.url,
			headers: options.headers,
			body: options.body,
			json: true,
			timeout: options.timeout ?? 30_000,
			resolveWithFullResponse: true,
			simple: false,
		})) as FullResponse;
		if (
			!options.ignoreHttpStatusErrors &&
			(response.statusCode < 200 || response.statusCode >= 300)
		) {
			throw Object.assign(new Error(`HTTP ${response.statusCode}`), {
				httpCode: String(response.statusCode),
			});
		}
		return options.returnFullResponse ? response : response.body;
	};
	return { helpers: { httpRequest } } as unknown as IHttpRequestHelper;
}

/** Stands in for a node in the error the nodes would raise: the test then says what a run would say. */
const TEST_NODE: INode = {
	id: 'credential-test',
	name: 'Shared Gallery credential test',
	type: 'sharedGalleryApiTest',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * The credential's Test button: the same one-item query as the credential's declared request, but
 * a refusal comes back as the nodes word it at run time (Wix's error and what to check), where
 * n8n's declarative test can only show the HTTP status text ("Unauthorized").
 */
export async function sharedGalleryApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const type = new SharedGalleryApi();
	let data: ICredentialDataDecryptedObject = { ...(credential.data ?? {}) };
	// n8n gives a credential test no other helper than `request` (ICredentialTestFunctions).
	// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
	const helper = httpHelper(this.helpers.request);
	const secrets = secretValues(data);
	try {
		data = {
			...data,
			...((await type.preAuthentication.call(helper, data)) as ICredentialDataDecryptedObject),
		};
		const request = await type.authenticate(data, {
			method: 'POST',
			url: joinUrl(String(data.baseUrl || DEFAULT_BASE_URL), QUERY_PATH),
			body: { paging: { limit: 1 } },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		});
		const response = (await helper.helpers.httpRequest(request)) as FullResponse;
		if (response.statusCode >= 200 && response.statusCode < 300) {
			return {
				status: 'OK',
				message: 'Connection successful: the Shared Gallery answered a query.',
			};
		}
		const error = apiError(TEST_NODE, response.statusCode, response.body, {}, secrets);
		const message = error.description
			? `${error.message.replace(/[.\s]*$/, '.')} ${error.description}`
			: error.message;
		return { status: 'Error', message };
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return { status: 'Error', message: redact(`Shared Gallery API: ${reason}`, secrets) };
	}
}
