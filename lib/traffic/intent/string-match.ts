/** How a string of the request (a header, the path, the method, the authority, a query parameter) is matched. */
export enum StringMatchType {
  /** The whole value equals the given one. */
  EXACT = 'exact',
  /** The value starts with the given one. */
  PREFIX = 'prefix',
  /** The whole value matches an RE2 regular expression (the syntax Envoy uses). */
  REGEX = 'regex',
}

/**
 * A match on one string of an HTTP request, as Istio's `StringMatch`: exact, prefix or RE2 regular expression. Used
 * for headers, the URI, the method, the authority, the scheme and query parameters of an {@link HttpMatch}.
 */
export class StringMatch {
  /** The value equals `value`. */
  public static exact(value: string): StringMatch {
    return new StringMatch(StringMatchType.EXACT, value);
  }

  /** The value starts with `value`. */
  public static prefix(value: string): StringMatch {
    return new StringMatch(StringMatchType.PREFIX, value);
  }

  /** The whole value matches the RE2 regular expression `value`. */
  public static regex(value: string): StringMatch {
    return new StringMatch(StringMatchType.REGEX, value);
  }

  protected constructor(
    /** How the value is compared. */
    public readonly type: StringMatchType,
    /** What it is compared with. */
    public readonly value: string,
  ) {}

  /** The Istio form, e.g. `{ exact: 'travels.uk' }`. */
  public toIstio(): { exact?: string; prefix?: string; regex?: string } {
    return { [this.type]: this.value };
  }

  /** A key that is equal for equal matches. */
  public get key(): string {
    return `${this.type}:${this.value}`;
  }

  /** `exact "jason"`, for messages. */
  public toString(): string {
    return `${this.type} ${JSON.stringify(this.value)}`;
  }
}
