/** The git commands that make a throw-away repository of a folder's files, with one commit. */
export function newRepoCommands(message: string): string[][] {
	return [
		['init', '-q', '-b', 'main'],
		['config', 'user.email', 'throwaway@example.invalid'],
		['config', 'user.name', 'throwaway'],
		['add', '.'],
		['commit', '-q', '-m', message],
	];
}
