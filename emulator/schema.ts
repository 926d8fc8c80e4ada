// Enums and request-field spellings from shared-gallery.service.json.
import { validationError, type FieldViolation } from './errors';

export const ITEM_TYPES = ['UNKNOWN', 'VISUAL_MEDIA', 'ALBUM'] as const;
export const SORT_FIELDS = [
	'UNKNOWN',
	'CREATED_DATE',
	'VIEW_COUNT',
	'LIKE_COUNT',
	'COMMENT_COUNT',
	'NAME',
	'MEMBER_TAG_COUNT',
	'ALBUM_INFO_TAG_COUNT',
	'ORDER_NUMBERS',
] as const;
/** Orientation: DESC is value 0, so it is the default. */
export const ORIENTATIONS = ['DESC', 'ASC'] as const;
export const FIELDSETS = ['Profiles', 'RecentTaggedMembers'] as const;

export type SortField = (typeof SORT_FIELDS)[number];
export type Orientation = (typeof ORIENTATIONS)[number];

/** Read a field by its camelCase or snake_case name (proto3 JSON accepts both). */
export function field(obj: unknown, camel: string): unknown {
	if (!obj || typeof obj !== 'object') return undefined;
	const o = obj as Record<string, unknown>;
	if (o[camel] !== undefined && o[camel] !== null) return o[camel];
	const snake = camel.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
	const v = o[snake];
	return v === null ? undefined : v;
}

/** Collects violations; `done()` throws one 400 listing them all. */
export class Validator {
	readonly violations: FieldViolation[] = [];

	fail(
		field: string,
		description: string,
		violatedRule = 'VALIDATION',
		data?: Record<string, unknown>,
	): void {
		this.violations.push({ field, description, violatedRule, ...(data ? { data } : {}) });
	}

	object(value: unknown, path: string): Record<string, unknown> | undefined {
		if (value === undefined) return undefined;
		if (typeof value !== 'object' || Array.isArray(value) || value === null) {
			this.fail(path, 'must be an object', 'FORMAT');
			return undefined;
		}
		return value as Record<string, unknown>;
	}

	strings(value: unknown, path: string): string[] | undefined {
		if (value === undefined) return undefined;
		if (!Array.isArray(value)) {
			this.fail(path, 'must be an array of strings', 'FORMAT');
			return undefined;
		}
		const out: string[] = [];
		value.forEach((v, i) => {
			if (typeof v === 'string') out.push(v);
			else this.fail(`${path}[${i}]`, 'must be a string', 'FORMAT');
		});
		return out;
	}

	/** An enum value by name, or by number (proto3 JSON allows both). */
	enumValue<T extends string>(value: unknown, path: string, values: readonly T[]): T | undefined {
		if (value === undefined) return undefined;
		if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < values.length)
			return values[value];
		if (typeof value === 'string' && (values as readonly string[]).includes(value))
			return value as T;
		this.fail(
			path,
			`invalid enum value ${JSON.stringify(value)}; expected one of ${values.join(', ')}`,
			'VALIDATION',
			{ allowed: [...values] },
		);
		return undefined;
	}

	int(value: unknown, path: string, min: number): number | undefined {
		if (value === undefined) return undefined;
		const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
		if (typeof n !== 'number' || !Number.isInteger(n)) {
			this.fail(path, 'must be an integer', 'FORMAT');
			return undefined;
		}
		if (n < min) {
			this.fail(path, `must be at least ${min}`, 'MIN', { threshold: min });
			return undefined;
		}
		return n;
	}

	done(): void {
		if (this.violations.length) throw validationError(this.violations);
	}
}
