/** Reads one restJson1 request body field by field, rejecting what the real service would reject. */
export type InvalidField = (field: string, problem: string) => Error;

export interface StringRules {
  minLength?: number;
  maxLength?: number;
  pattern?: RegExp;
}

export const TAG_RULES = { maxEntries: 50, maxKeyLength: 128, maxValueLength: 256 } as const;

export class RequestReader {
  constructor(
    private readonly body: Record<string, unknown>,
    private readonly invalid: InvalidField,
    private readonly prefix = '',
  ) {}

  has(field: string): boolean {
    return this.body[field] !== undefined && this.body[field] !== null;
  }

  requiredString(field: string, rules: StringRules = {}): string {
    const value = this.optionalString(field, rules);
    if (value === undefined) throw this.invalid(this.path(field), 'must not be null');
    return value;
  }

  optionalString(field: string, rules: StringRules = {}): string | undefined {
    if (!this.has(field)) return undefined;
    const value = this.body[field];
    if (typeof value !== 'string') throw this.invalid(this.path(field), 'must be a string');
    if (rules.minLength !== undefined && value.length < rules.minLength) {
      throw this.invalid(this.path(field), `must have length greater than or equal to ${rules.minLength}`);
    }
    if (rules.maxLength !== undefined && value.length > rules.maxLength) {
      throw this.invalid(this.path(field), `must have length less than or equal to ${rules.maxLength}`);
    }
    if (rules.pattern && !rules.pattern.test(value)) {
      throw this.invalid(this.path(field), `must satisfy regular expression pattern: ${rules.pattern.source}`);
    }
    return value;
  }

  optionalEnum<T extends string>(field: string, allowed: readonly T[]): T | undefined {
    const value = this.optionalString(field);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw this.invalid(this.path(field), `must satisfy enum value set: [${allowed.join(', ')}]`);
    }
    return value as T;
  }

  optionalInteger(field: string, min: number, max: number): number | undefined {
    if (!this.has(field)) return undefined;
    const value = this.body[field];
    if (typeof value !== 'number' || !Number.isInteger(value)) throw this.invalid(this.path(field), 'must be an integer');
    if (value < min || value > max) {
      throw this.invalid(this.path(field), `must be between ${min} and ${max}`);
    }
    return value;
  }

  optionalBoolean(field: string): boolean | undefined {
    if (!this.has(field)) return undefined;
    const value = this.body[field];
    if (typeof value !== 'boolean') throw this.invalid(this.path(field), 'must be a boolean');
    return value;
  }

  optionalStringList<T extends string = string>(field: string, allowed?: readonly T[]): T[] | undefined {
    if (!this.has(field)) return undefined;
    const value = this.body[field];
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      throw this.invalid(this.path(field), 'must be a list of strings');
    }
    if (allowed && value.some((item) => !(allowed as readonly string[]).includes(item as string))) {
      throw this.invalid(this.path(field), `members must satisfy enum value set: [${allowed.join(', ')}]`);
    }
    return value as T[];
  }

  optionalStringMap(field: string, rules: { maxEntries?: number; maxTotalBytes?: number } = {}) {
    if (!this.has(field)) return undefined;
    const value = this.body[field];
    if (!isPlainObject(value) || Object.values(value).some((item) => typeof item !== 'string')) {
      throw this.invalid(this.path(field), 'must be a map of strings to strings');
    }
    const map = value as Record<string, string>;
    if (rules.maxEntries !== undefined && Object.keys(map).length > rules.maxEntries) {
      throw this.invalid(this.path(field), `must have at most ${rules.maxEntries} entries`);
    }
    if (rules.maxTotalBytes !== undefined) {
      const bytes = Object.entries(map).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
      if (bytes > rules.maxTotalBytes) throw this.invalid(this.path(field), `must total at most ${rules.maxTotalBytes} bytes`);
    }
    return { ...map };
  }

  optionalTags(field = 'tags'): Record<string, string> | undefined {
    const tags = this.optionalStringMap(field, { maxEntries: TAG_RULES.maxEntries });
    for (const [key, value] of Object.entries(tags ?? {})) {
      if (key.length < 1 || key.length > TAG_RULES.maxKeyLength || value.length > TAG_RULES.maxValueLength) {
        throw this.invalid(this.path(field), 'has a key or value of invalid length');
      }
    }
    return tags;
  }

  optionalObject(field: string): RequestReader | undefined {
    if (!this.has(field)) return undefined;
    const value = this.body[field];
    if (!isPlainObject(value)) throw this.invalid(this.path(field), 'must be an object');
    return new RequestReader(value, this.invalid, `${this.path(field)}.`);
  }

  private path(field: string): string {
    return `${this.prefix}${field}`;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
