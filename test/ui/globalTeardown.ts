import e2eGlobalTeardown from '../e2e/globalTeardown';

export default async function globalTeardown(): Promise<void> {
	await e2eGlobalTeardown();
	const started = Number(process.env.SG_UI_STARTED_AT);
	if (started)
		process.stdout.write(
			`[ui] whole run, set-up to teardown: ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
		);
}
