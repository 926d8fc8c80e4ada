// Retry back-off and Retry-After waits, shortened for the reliability suites: the node's
// `sleep` (from n8n-workflow) still gets the delay it asks for, recorded in `requestedSleeps`,
// so a test can prove Retry-After was honoured without waiting for it on the wall clock.
// Use:  jest.mock('n8n-workflow', () => require('./fast-sleep').mockN8nWorkflow());
export const requestedSleeps: number[] = [];

export function mockN8nWorkflow(): Record<string, unknown> {
	const actual = jest.requireActual('n8n-workflow') as Record<string, unknown> & {
		sleep: (ms: number) => Promise<void>;
	};
	return {
		...actual,
		__esModule: true,
		sleep: async (ms: number) => {
			requestedSleeps.push(ms);
			await actual.sleep(Math.min(ms, 5));
		},
	};
}
