import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

/**
 * Parameter checks shared by the three nodes. Each returns the value in the type it checks,
 * or throws a NodeOperationError naming the parameter (its label, as the user sees it), the
 * value given and the input item, before any request is sent.
 */

/** A whole number ≥ `min` (default 1). A numeric string from an expression counts; `true`, `[5]`, 1.5 do not. */
export function wholeNumber(
	node: INode,
	value: unknown,
	name: string,
	itemIndex = 0,
	{ min = 1 } = {},
): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < min) {
		throw new NodeOperationError(
			node,
			`${name} must be a whole number of at least ${min}, got ${JSON.stringify(value) ?? String(value)}`,
			{
				itemIndex,
				description: `Enter a whole number such as ${Math.max(min, 10)}, or an expression that gives one.`,
			},
		);
	}
	return number;
}

/** A boolean: `true` or `false`, never "yes", 1 or "true". */
export function boolean(node: INode, value: unknown, name: string, itemIndex = 0): boolean {
	if (typeof value !== 'boolean') {
		throw new NodeOperationError(node, `${name} must be true or false`, {
			itemIndex,
			description: `Turn the option on or off, or use an expression that gives true or false (got ${JSON.stringify(value) ?? String(value)}).`,
		});
	}
	return value;
}

/** A collection parameter (an object of options). */
export function collection(node: INode, value: unknown, name: string, itemIndex = 0): IDataObject {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new NodeOperationError(node, `${name} must be a collection`, {
			itemIndex,
			description: 'Add the options in the node, or use an expression that gives an object.',
		});
	}
	return value as IDataObject;
}

/** An output field name for binary data: a letter, `_` or `$` first, then letters, digits, `_`, `$`, `-`. */
export function fieldName(node: INode, value: unknown, name: string, itemIndex = 0): string {
	if (typeof value !== 'string' || !/^[A-Za-z_$][\w$-]{0,63}$/.test(value.trim())) {
		throw new NodeOperationError(node, `${name}: "${String(value)}" is not a valid field name`, {
			itemIndex,
			description:
				'Use a name such as "data": letters, digits, "_" and "-", starting with a letter, at most 64 characters.',
		});
	}
	return value.trim();
}

/** A multi-options value (or an expression's array or comma list), checked against the allowed values. */
export function enumList(
	node: INode,
	value: unknown,
	name: string,
	allowed: readonly string[],
	itemIndex = 0,
): string[] {
	const list = typeof value === 'string' ? value.split(',') : value;
	if (!Array.isArray(list)) {
		throw new NodeOperationError(node, `${name}: expected a list of values`, { itemIndex });
	}
	return list.map((entry) => {
		const text = typeof entry === 'string' ? entry.trim() : entry;
		if (typeof text !== 'string' || !allowed.includes(text)) {
			throw new NodeOperationError(
				node,
				`${name}: "${String(entry)}" is not one of ${allowed.join(', ')}`,
				{ itemIndex },
			);
		}
		return text;
	});
}

/** One of the allowed values. */
export function oneOf<T extends string>(
	node: INode,
	value: unknown,
	name: string,
	allowed: readonly T[],
	itemIndex = 0,
): T {
	return enumList(node, [value], name, allowed, itemIndex)[0] as T;
}

/**
 * The filters' labels as the editor shows them (version 2; version 1 adds "(Member IDs)" or
 * "Names or IDs"), so messages name what the user sees, never the parameter's internal name.
 */
export const FILTER_LABELS: Readonly<Record<string, string>> = {
	albumIds: 'Albums',
	createdBy: 'Created By',
	itemIds: 'Item IDs',
	itemTypes: 'Item Types',
	likedBy: 'Liked By',
	createdAfter: 'Created After',
	createdBefore: 'Created Before',
	notInPostedList: 'Not In Posted List',
	taggedBy: 'Tagged',
};

/** "Filters → Created By": where a filter is, as the user finds it. */
export function filterLabel(key: string): string {
	return `Filters → ${FILTER_LABELS[key] ?? key}`;
}

/**
 * A date-time as milliseconds, or undefined when left blank. Takes an ISO 8601 text (the
 * date picker's, or an expression's `.toISO()`), a Luxon DateTime (`{{ $now.minus(7, 'days') }}`)
 * or a JS Date. A text without an offset (the date picker's) is read in `timeZone`, the
 * workflow's, as n8n's own nodes read it; the server's when none is given.
 */
export function dateTime(
	node: INode,
	value: unknown,
	name: string,
	itemIndex = 0,
	timeZone?: string,
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let ms = Number.NaN;
	const text = typeof value === 'string' ? value.trim() : '';
	const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
	if (day && isCalendarDay(Number(day[1]), Number(day[2]), Number(day[3]))) {
		const hasOffset = text.length > 10 && /([zZ]|[+-]\d{2}:?\d{2})$/.test(text);
		ms =
			hasOffset || !timeZone
				? Date.parse(text)
				: inTimeZone(Date.parse(`${text.length === 10 ? `${text}T00:00:00` : text}Z`), timeZone);
	} else if (value instanceof Date) {
		ms = value.getTime();
	} else if (typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		ms = (value as { toMillis: () => number }).toMillis();
	}
	if (!Number.isFinite(ms)) {
		throw new NodeOperationError(node, `${name}: "${String(value)}" is not a valid date and time`, {
			itemIndex,
			description:
				"Pick a date, or use an expression that gives one, such as {{ $now.minus(7, 'days') }} or an ISO 8601 text like 2024-03-01T00:00:00Z.",
		});
	}
	return ms;
}

/**
 * A wall-clock time (its fields held as if UTC) in an IANA time zone → the instant. The zone's
 * offset is taken at the first guess, then again at the result, which settles a change of
 * daylight saving time in between. An unknown zone reads it as UTC rather than fail.
 */
function inTimeZone(wallAsUtc: number, timeZone: string): number {
	if (!Number.isFinite(wallAsUtc)) return wallAsUtc;
	try {
		const offsetAt = (at: number) => {
			const parts = new Intl.DateTimeFormat('en-US', {
				timeZone,
				hourCycle: 'h23',
				year: 'numeric',
				month: 'numeric',
				day: 'numeric',
				hour: 'numeric',
				minute: 'numeric',
				second: 'numeric',
			}).formatToParts(new Date(at));
			const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
			const shown = Date.UTC(
				part('year'),
				part('month') - 1,
				part('day'),
				part('hour'),
				part('minute'),
				part('second'),
			);
			return shown - (at - (((at % 1000) + 1000) % 1000));
		};
		const guess = wallAsUtc - offsetAt(wallAsUtc);
		return wallAsUtc - offsetAt(guess);
	} catch {
		return wallAsUtc;
	}
}

/** Date.parse takes 2025-02-30 as 2 March: the day must exist. */
function isCalendarDay(year: number, month: number, day: number): boolean {
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A number ≥ `min` (fractions allowed); a numeric text from an expression counts. */
export function number(node: INode, value: unknown, name: string, itemIndex = 0, min = 0): number {
	const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed < min) {
		throw new NodeOperationError(
			node,
			`${name} must be a number of at least ${min}, got ${JSON.stringify(value) ?? String(value)}`,
			{ itemIndex, description: 'Enter a number, or an expression that gives one.' },
		);
	}
	return parsed;
}
