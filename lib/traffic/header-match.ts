/** How a header value is matched. */
export enum HeaderMatchType {
  EXACT = 'exact',
  PREFIX = 'prefix',
  REGEX = 'regex',
}

/** A match on the value of one request header. */
export class HeaderMatch {
  /** The header equals `value`. */
  public static exact(value: string): HeaderMatch {
    return new HeaderMatch(HeaderMatchType.EXACT, value);
  }

  /** The header starts with `value`. */
  public static prefix(value: string): HeaderMatch {
    return new HeaderMatch(HeaderMatchType.PREFIX, value);
  }

  /** The header matches the RE2 regular expression `value` (whole value). */
  public static regex(value: string): HeaderMatch {
    return new HeaderMatch(HeaderMatchType.REGEX, value);
  }

  private constructor(public readonly type: HeaderMatchType, public readonly value: string) {}

  /** The Istio form, e.g. `{ exact: 'travels.uk' }`. */
  public toIstio(): { exact?: string; prefix?: string; regex?: string } {
    return { [this.type]: this.value };
  }

  /** A key that is equal for equal matches. */
  public get key(): string {
    return `${this.type}:${this.value}`;
  }
}
